/* The course's GPT, live in the page (chapters 7 and 8; issue 16).
 *
 * The committed Tiny Shakespeare model (pixels_to_gpt/checkpoints/shakespeare_char.pt) runs in
 * the reader's browser: the forward pass of pixels_to_gpt/model.py in plain JavaScript, one
 * token at a time with a KV cache (as kv_cache.generate_cached), and sampling as
 * pixels_to_gpt.sampling does it (filteredDistribution below is sampling.filtered_distribution).
 * No library, no kernel, no server, no network beyond this site: the weights come from
 * _static/live_model/shakespeare_char.js, written at build time by
 * pixels_to_gpt.live_model_site, and loaded once by this script on the pages with a panel.
 *
 * Every <div class="live-model"> on the page becomes a panel: a prompt, temperature, top-k,
 * top-p, a seed and a length; the text appears as the model writes it, and for any step the
 * panel shows the distribution the character was drawn from (kept tokens coloured, dropped
 * ones grey) and where the last layer's heads looked. A wrong input gets a message in the
 * panel, never an exception.
 *
 * Shapes in the comments: C channels (n_embd), nh heads, hs head size, V vocabulary,
 * S tokens in the cache. Arithmetic is in float64 on the float32 weights.
 */
(function (root) {
  "use strict";

  var here = (root.document && root.document.currentScript &&
              root.document.currentScript.src) || "";

  /* ---- the reader's words, in the page's language (<html lang>; English otherwise).
   * The buttons say Write and Stop in every language: the chapter's text names them so. ---- */

  var TEXTS = {
    en: {
      temperatureError: "Temperature must be a number of at least 0 (0 means greedy: always " +
        "the most likely character; below 1 sharpens, above 1 flattens).",
      topKError: "Top-k must be a whole number of at least 1 (or 0 to turn it off): " +
        "k = 1 keeps only the most likely character.",
      topPError: "Top-p must be greater than 0 and at most 1: it is a probability " +
        "(0.9 keeps the most likely characters holding 90% of it; 1 keeps them all).",
      emptyPrompt: "Type a prompt first: the model continues text, so it needs at " +
        "least one character (a newline will do).",
      unknown: function (nChars, chars) {
        return "The model knows only the " + nChars + " characters of " +
          "Tiny Shakespeare (plain English letters, digits, punctuation, space and newline), " +
          "and the prompt has " + (chars.length === 1 ? "one it does not know: " :
          chars.length + " it does not know: ") +
          chars.map(function (ch) { return "\u201c" + ch + "\u201d"; }).join(", ") +
          ". Replace or remove " + (chars.length === 1 ? "it." : "them.");
      },
      notLoaded: function (src) { return "the model's weights could not be loaded from " + src; },
      notRead: function (why) { return "the model's file could not be read (" + why + ")"; },
      settings: "settings of the live model",
      prompt: "Prompt",
      promptHelp: "the text the model continues (Tiny Shakespeare's 65 characters)",
      temperature: "Temperature", temperatureHelp: "0 greedy, < 1 sharper, > 1 flatter",
      topK: "Top-k", topKHelp: "keep the k most likely; 0 off",
      topP: "Top-p", topPHelp: "fewest reaching p; 1 off",
      seed: "Seed", seedHelp: "same seed, same text",
      length: "New characters", lengthHelp: function (max) { return "1 to " + max; },
      writeTitle: null, stopTitle: null, // no tooltip: the label says it
      loading: "Loading the model\u2026",
      output: "the prompt and what the model wrote",
      showStep: "Show step",
      distribution: "The distribution of each step appears here.",
      legend: "Coloured: kept, with the probability it was drawn with. Grey: dropped by top-k or " +
        "top-p, with the probability it had before. \u25b6 marks the character drawn.",
      attention: "Where the last layer's heads looked.",
      stepOf: function (i, n) { return i + " of " + n; },
      step: function (i, context, drawn) {
        return "Step " + i + ": the next character after \u201c" + context +
          "\u201d; drawn: \u201c" + drawn + "\u201d";
      },
      dropped: function (percent) { return "dropped (" + percent + "%)"; },
      looked: function (heads, i, n, seen) {
        return "Where the last layer's " + heads + " heads " +
          "looked at step " + i + " (the last " + n + " of the " + seen +
          " characters the model saw; a taller bar, more attention)";
      },
      head: function (i) { return "head " + i; },
      notANumber: function (what, value) {
        return what + " must be a number, got \u201c" + value + "\u201d.";
      },
      names: { topK: "Top-k", topP: "Top-p", temperature: "Temperature", seed: "The seed",
               length: "The number of new characters" },
      seedError: "The seed must be a whole number of at least 0.",
      lengthError: function (max) {
        return "The number of new characters must be a whole number from 1 to " + max + ".";
      },
      wrong: function (error) { return "Something went wrong: " + error; },
      wrongWhileWriting: function (why) { return "Something went wrong while writing: " + why; },
      cropped: function (block) {
        return " (the model sees only the last " + block + " characters)";
      },
      progress: function (writing, written, seconds, rate, cropped) {
        return (writing ? "Writing: " : "Wrote ") + written + " characters in " + seconds +
          " s (" + rate + " characters a second)" + cropped + ".";
      },
      stopped: function (n) { return "Stopped after " + n + " characters."; },
      unavailable: function (why) { return "The live model is not available: " + why + "."; },
      ready: function (millions, layers, heads, block, loss) {
        return "The course's GPT (" + millions + "M weights, " + layers + " layers, " + heads +
          " heads, a window of " + block + " characters, validation loss " + loss +
          ") runs in this page. Press Write.";
      },
    },
    hu: {
      temperatureError: "A hőmérsékletnek legalább 0 értékű számnak kell lennie (0: mohó, " +
        "mindig a legvalószínűbb karakter; 1 alatt élesebb, 1 fölött laposabb eloszlás).",
      topKError: "A top-k legalább 1 értékű egész szám lehet (a 0 kikapcsolja): " +
        "k = 1 csak a legvalószínűbb karaktert tartja meg.",
      topPError: "A top-p 0-nál nagyobb és legfeljebb 1 lehet: valószínűség " +
        "(0.9 a legvalószínűbb karaktereket tartja meg, amelyek együtt 90%-ot tesznek ki; " +
        "1 mindet megtartja).",
      emptyPrompt: "Előbb írj be egy promptot: a modell szöveget folytat, ezért legalább " +
        "egy karakter kell neki (egy sortörés is elég).",
      unknown: function (nChars, chars) {
        return "A modell csak a Tiny Shakespeare " + nChars + " karakterét ismeri (ékezet " +
          "nélküli angol betűk, számjegyek, írásjelek, szóköz és sortörés), a promptban pedig " +
          (chars.length === 1 ? "van egy, amelyet nem ismer: " :
            chars.length + " olyan van, amelyet nem ismer: ") +
          chars.map(function (ch) { return "\u201e" + ch + "\u201d"; }).join(", ") +
          ". Cseréld le vagy töröld" + (chars.length === 1 ? "." : " őket.");
      },
      notLoaded: function (src) { return "a modell súlyait nem sikerült betölteni innen: " + src; },
      notRead: function (why) { return "a modell fájlját nem sikerült beolvasni (" + why + ")"; },
      settings: "az élő modell beállításai",
      prompt: "Prompt",
      promptHelp: "a szöveg, amelyet a modell folytat (a Tiny Shakespeare 65 karaktere)",
      temperature: "Hőmérséklet", temperatureHelp: "0 mohó, < 1 élesebb, > 1 laposabb",
      topK: "Top-k", topKHelp: "a k legvalószínűbb marad; 0: ki",
      topP: "Top-p", topPHelp: "a legkevesebb, amely eléri p-t; 1: ki",
      seed: "Véletlenmag", seedHelp: "ugyanaz a mag, ugyanaz a szöveg",
      length: "Új karakterek", lengthHelp: function (max) { return "1 és " + max + " között"; },
      writeTitle: "Írás: a modell folytatja a promptot",
      stopTitle: "Leállítás: az írás megállítása",
      loading: "A modell betöltése\u2026",
      output: "a prompt és amit a modell írt",
      showStep: "Lépés",
      distribution: "Itt jelenik meg az egyes lépések eloszlása.",
      legend: "Színes: megmaradt, azzal a valószínűséggel, amellyel húzni lehetett. Szürke: a " +
        "top-k vagy a top-p kiszűrte, a szűrés előtti valószínűségével. A \u25b6 a kihúzott " +
        "karaktert jelöli.",
      attention: "Hová figyeltek az utolsó réteg figyelemfejei.",
      stepOf: function (i, n) { return i + " / " + n; },
      step: function (i, context, drawn) {
        return i + ". lépés: a következő karakter \u201e" + context +
          "\u201d után; kihúzva: \u201e" + drawn + "\u201d";
      },
      dropped: function (percent) { return "kiszűrve (" + percent + "%)"; },
      looked: function (heads, i, n, seen) {
        return "Hová figyelt az utolsó réteg " + heads + " figyelemfeje (" + i + ". lépés; " +
          "a modell által látott " + seen + " karakter közül az utolsó " + n +
          "; magasabb oszlop, több figyelem)";
      },
      head: function (i) { return i + ". fej"; },
      notANumber: function (what, value) {
        return what + ": ide szám kell, nem \u201e" + value + "\u201d.";
      },
      names: { topK: "Top-k", topP: "Top-p", temperature: "Hőmérséklet", seed: "Véletlenmag",
               length: "Új karakterek száma" },
      seedError: "A véletlenmagnak legalább 0 értékű egész számnak kell lennie.",
      lengthError: function (max) {
        return "Az új karakterek száma 1 és " + max + " közötti egész szám lehet.";
      },
      wrong: function (error) { return "Valami hiba történt: " + error; },
      wrongWhileWriting: function (why) { return "Valami hiba történt írás közben: " + why; },
      cropped: function (block) {
        return " (a modell csak az utolsó " + block + " karaktert látja)";
      },
      progress: function (writing, written, seconds, rate, cropped) {
        return (writing ? "Írás: " : "Kész: ") + written + " karakter " + seconds +
          " s alatt (" + rate + " karakter másodpercenként)" + cropped + ".";
      },
      stopped: function (n) { return "Leállítva " + n + " karakter után."; },
      unavailable: function (why) { return "Az élő modell nem érhető el: " + why + "."; },
      ready: function (millions, layers, heads, block, loss) {
        return "A kurzus GPT-je (" + millions + "M súly, " + layers + " réteg, " + heads +
          " figyelemfej, " + block + " karakteres ablak, validációs veszteség: " + loss +
          ") ezen az oldalon fut. Nyomd meg a Write gombot.";
      },
    },
    "zh-CN": {
      temperatureError: "温度必须是不小于 0 的数（0 表示贪心：总是选最可能的字符；" +
        "小于 1 使分布更尖锐，大于 1 使分布更平坦）。",
      topKError: "top-k 必须是不小于 1 的整数（填 0 表示关闭）：k = 1 只保留最可能的字符。",
      topPError: "top-p 必须大于 0 且不大于 1：它是一个概率（0.9 保留概率合计占 90% 的" +
        "最可能的字符；1 全部保留）。",
      emptyPrompt: "请先输入提示词：模型是在续写文本，所以至少需要一个字符（换行也可以）。",
      unknown: function (nChars, chars) {
        return "模型只认识 Tiny Shakespeare 的 " + nChars + " 个字符（不带重音的英文字母、" +
          "数字、标点、空格和换行），而提示词中有 " + chars.length + " 个它不认识的字符：" +
          chars.map(function (ch) { return "\u201c" + ch + "\u201d"; }).join("、") +
          "。请替换或删除" + (chars.length === 1 ? "它" : "它们") + "。";
      },
      notLoaded: function (src) { return "无法从 " + src + " 加载模型权重"; },
      notRead: function (why) { return "无法读取模型文件（" + why + "）"; },
      settings: "实时模型的设置",
      prompt: "提示词", promptHelp: "模型要续写的文本（Tiny Shakespeare 的 65 个字符）",
      temperature: "温度", temperatureHelp: "0 为贪心，< 1 更尖锐，> 1 更平坦",
      topK: "top-k", topKHelp: "保留最可能的 k 个；0 为关闭",
      topP: "top-p", topPHelp: "累计概率达到 p 的最少字符；1 为关闭",
      seed: "随机种子", seedHelp: "种子相同，文本相同",
      length: "新字符数", lengthHelp: function (max) { return "1 到 " + max; },
      writeTitle: "写作：让模型续写提示词", stopTitle: "停止写作",
      loading: "正在加载模型\u2026",
      output: "提示词和模型写出的文本",
      showStep: "查看第几步",
      distribution: "每一步的分布会显示在这里。",
      legend: "彩色：保留的字符，附抽取时的概率。灰色：被 top-k 或 top-p 过滤的字符，" +
        "附过滤前的概率。\u25b6 标出抽中的字符。",
      attention: "最后一层的注意力头关注了哪里。",
      stepOf: function (i, n) { return "第 " + i + " 步，共 " + n + " 步"; },
      step: function (i, context, drawn) {
        return "第 " + i + " 步：\u201c" + context + "\u201d之后的下一个字符；抽中：\u201c" +
          drawn + "\u201d";
      },
      dropped: function (percent) { return "已过滤（" + percent + "%）"; },
      looked: function (heads, i, n, seen) {
        return "第 " + i + " 步时最后一层的 " + heads + " 个注意力头关注了哪里（模型看到的 " +
          seen + " 个字符中的最后 " + n + " 个；柱越高，注意力越多）";
      },
      head: function (i) { return "注意力头 " + i; },
      notANumber: function (what, value) {
        return what + "必须是数字，而不是\u201c" + value + "\u201d。";
      },
      names: { topK: "top-k ", topP: "top-p ", temperature: "温度", seed: "随机种子",
               length: "新字符数" },
      seedError: "随机种子必须是不小于 0 的整数。",
      lengthError: function (max) { return "新字符数必须是 1 到 " + max + " 之间的整数。"; },
      wrong: function (error) { return "出错了：" + error; },
      wrongWhileWriting: function (why) { return "写作时出错了：" + why; },
      cropped: function (block) { return "（模型只看得到最后 " + block + " 个字符）"; },
      progress: function (writing, written, seconds, rate, cropped) {
        return (writing ? "正在写作：" : "已写完：") + seconds + " 秒写了 " + written +
          " 个字符（每秒 " + rate + " 个字符）" + cropped + "。";
      },
      stopped: function (n) { return "写了 " + n + " 个字符后停止。"; },
      unavailable: function (why) { return "实时模型无法使用：" + why + "。"; },
      ready: function (millions, layers, heads, block, loss) {
        return "本课程的 GPT（" + millions + "M 个权重，" + layers + " 层，" + heads +
          " 个注意力头，窗口 " + block + " 个字符，验证损失 " + loss +
          "）正在本页中运行。请按 Write。";
      },
    },
    "zh-TW": {
      temperatureError: "溫度必須是不小於 0 的數（0 表示貪婪：總是選最可能的字元；" +
        "小於 1 使分佈更尖銳，大於 1 使分佈更平坦）。",
      topKError: "top-k 必須是不小於 1 的整數（填 0 表示關閉）：k = 1 只保留最可能的字元。",
      topPError: "top-p 必須大於 0 且不大於 1：它是一個機率（0.9 保留機率合計佔 90% 的" +
        "最可能的字元；1 全部保留）。",
      emptyPrompt: "請先輸入提示詞：模型是在續寫文字，所以至少需要一個字元（換行也可以）。",
      unknown: function (nChars, chars) {
        return "模型只認得 Tiny Shakespeare 的 " + nChars + " 個字元（不帶重音的英文字母、" +
          "數字、標點、空格和換行），而提示詞中有 " + chars.length + " 個它不認得的字元：" +
          chars.map(function (ch) { return "「" + ch + "」"; }).join("、") +
          "。請替換或刪除" + (chars.length === 1 ? "它" : "它們") + "。";
      },
      notLoaded: function (src) { return "無法從 " + src + " 載入模型權重"; },
      notRead: function (why) { return "無法讀取模型檔案（" + why + "）"; },
      settings: "即時模型的設定",
      prompt: "提示詞", promptHelp: "模型要續寫的文字（Tiny Shakespeare 的 65 個字元）",
      temperature: "溫度", temperatureHelp: "0 為貪婪，< 1 更尖銳，> 1 更平坦",
      topK: "top-k", topKHelp: "保留最可能的 k 個；0 為關閉",
      topP: "top-p", topPHelp: "累計機率達到 p 的最少字元；1 為關閉",
      seed: "隨機種子", seedHelp: "種子相同，文字相同",
      length: "新字元數", lengthHelp: function (max) { return "1 到 " + max; },
      writeTitle: "寫作：讓模型續寫提示詞", stopTitle: "停止寫作",
      loading: "正在載入模型\u2026",
      output: "提示詞和模型寫出的文字",
      showStep: "查看第幾步",
      distribution: "每一步的分佈會顯示在這裡。",
      legend: "彩色：保留的字元，附抽取時的機率。灰色：被 top-k 或 top-p 過濾的字元，" +
        "附過濾前的機率。\u25b6 標出抽中的字元。",
      attention: "最後一層的注意力頭關注了哪裡。",
      stepOf: function (i, n) { return "第 " + i + " 步，共 " + n + " 步"; },
      step: function (i, context, drawn) {
        return "第 " + i + " 步：「" + context + "」之後的下一個字元；抽中：「" + drawn + "」";
      },
      dropped: function (percent) { return "已過濾（" + percent + "%）"; },
      looked: function (heads, i, n, seen) {
        return "第 " + i + " 步時最後一層的 " + heads + " 個注意力頭關注了哪裡（模型看到的 " +
          seen + " 個字元中的最後 " + n + " 個；長條越高，注意力越多）";
      },
      head: function (i) { return "注意力頭 " + i; },
      notANumber: function (what, value) {
        return what + "必須是數字，而不是「" + value + "」。";
      },
      names: { topK: "top-k ", topP: "top-p ", temperature: "溫度", seed: "隨機種子",
               length: "新字元數" },
      seedError: "隨機種子必須是不小於 0 的整數。",
      lengthError: function (max) { return "新字元數必須是 1 到 " + max + " 之間的整數。"; },
      wrong: function (error) { return "發生錯誤：" + error; },
      wrongWhileWriting: function (why) { return "寫作時發生錯誤：" + why; },
      cropped: function (block) { return "（模型只看得到最後 " + block + " 個字元）"; },
      progress: function (writing, written, seconds, rate, cropped) {
        return (writing ? "正在寫作：" : "已寫完：") + seconds + " 秒寫了 " + written +
          " 個字元（每秒 " + rate + " 個字元）" + cropped + "。";
      },
      stopped: function (n) { return "寫了 " + n + " 個字元後停止。"; },
      unavailable: function (why) { return "即時模型無法使用：" + why + "。"; },
      ready: function (millions, layers, heads, block, loss) {
        return "本課程的 GPT（" + millions + "M 個權重，" + layers + " 層，" + heads +
          " 個注意力頭，視窗 " + block + " 個字元，驗證損失 " + loss +
          "）正在本頁中執行。請按 Write。";
      },
    },
  };
  var T = (root.document && root.document.documentElement &&
           TEXTS[root.document.documentElement.lang]) || TEXTS.en;

  /* ---- sampling: the one definition, as pixels_to_gpt.sampling.filtered_distribution ---- */

  function softmax(logits) {
    var max = -Infinity, i, n = logits.length;
    for (i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
    var out = new Float64Array(n), total = 0;
    for (i = 0; i < n; i++) { out[i] = Math.exp(logits[i] - max); total += out[i]; } // -inf -> 0
    for (i = 0; i < n; i++) out[i] /= total;
    return out;
  }

  function argmax(values) {
    var best = 0;
    for (var i = 1; i < values.length; i++) if (values[i] > values[best]) best = i; // first on ties
    return best;
  }

  /* A reader's (or a caller's) mistake: shown in the panel as it is. */
  function InputError(message) { this.message = message; }
  InputError.prototype = Object.create(Error.prototype);
  InputError.prototype.name = "InputError";

  function checkSettings(temperature, topK, topP) {
    if (typeof temperature !== "number" || !(temperature >= 0) || !isFinite(temperature))
      throw new InputError(T.temperatureError);
    if (topK !== null && (!(topK >= 1) || Math.floor(topK) !== topK))
      throw new InputError(T.topKError);
    if (topP !== null && !(topP > 0 && topP <= 1))
      throw new InputError(T.topPError);
  }

  /* Probabilities after temperature, then top-k, then top-p (null: off), then the softmax.
   * logits (V) -> probabilities (V); temperature 0 puts all the mass on the argmax. */
  function filteredDistribution(logits, temperature, topK, topP) {
    topK = topK === undefined ? null : topK;
    topP = topP === undefined ? null : topP;
    checkSettings(temperature, topK, topP);
    var n = logits.length, i;
    if (temperature === 0) {
      var onehot = new Float64Array(n);
      onehot[argmax(logits)] = 1;
      return onehot;
    }
    var x = new Float64Array(n);
    for (i = 0; i < n; i++) x[i] = logits[i] / temperature;
    if (topK !== null && topK < n) { // keep ties with the k-th largest
      var kth = Array.prototype.slice.call(x).sort(function (a, b) { return b - a; })[topK - 1];
      for (i = 0; i < n; i++) if (x[i] < kth) x[i] = -Infinity;
    }
    if (topP !== null && topP < 1) { // the fewest most likely whose probabilities reach p
      var order = [];
      for (i = 0; i < n; i++) order.push(i);
      order.sort(function (a, b) { return x[b] - x[a] || a - b; });
      var probs = softmax(x), massBefore = 0, drop = [];
      order.forEach(function (id) {
        if (massBefore >= topP) drop.push(id); // enough mass already: not needed
        massBefore += probs[id];
      });
      drop.forEach(function (id) { x[id] = -Infinity; });
    }
    return softmax(x);
  }

  /* A seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed gives the same
   * text on every run. Not torch's generator: the page's draws differ from Python's. */
  function seededRandom(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /* One draw from probs (V): the first id whose cumulative probability passes u. */
  function draw(probs, random) {
    var u = random(), mass = 0, last = 0;
    for (var i = 0; i < probs.length; i++) {
      if (probs[i] > 0) {
        mass += probs[i];
        last = i;
        if (u < mass) return i;
      }
    }
    return last; // rounding left u above the total
  }

  /* ---- the model: pixels_to_gpt/model.py's GPT, one position at a time ---- */

  function base64ToFloats(text) {
    var binary = root.atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var view = new DataView(bytes.buffer), out = new Float32Array(bytes.length / 4);
    for (var j = 0; j < out.length; j++) out[j] = view.getFloat32(4 * j, true); // little-endian
    return out;
  }

  // erf to about 1e-15 (W. J. Cody's rational approximations, as in most C libraries' erf)
  function erf(x) {
    var ax = Math.abs(x), r;
    if (ax < 0.5) {
      var t = x * x;
      var top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t +
        377.485237685302021) * t + 3209.37758913846947;
      var bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t +
        1282.61652607737228) * t + 2844.23683343917062;
      return x * top / bot;
    }
    if (ax < 4) {
      var p = [2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594,
        66.1191906371416295, 298.635138197400131, 881.952221241769090, 1712.04761263407058,
        2051.07837782607147, 1230.33935479799725];
      var q = [1, 15.7449261107098347, 117.693950891312499, 537.181101862009858,
        1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164,
        1230.33935480374942];
      var num = p[0], den = q[0];
      for (var i = 1; i < 9; i++) { num = num * ax + p[i]; den = den * ax + q[i]; }
      r = Math.exp(-ax * ax) * num / den;
    } else {
      var z = 1 / (ax * ax);
      var pp = [0.0163153871373020978, 0.305326634961232344, 0.360344899949804439,
        0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4];
      var qq = [1, 2.56852019228982242, 1.87295284992346725, 0.527905102951428412,
        0.0605183413124413191, 0.00233520497626869185];
      var n2 = pp[5], d2 = qq[5];
      for (var k = 4; k >= 0; k--) { n2 = n2 * z + pp[k]; d2 = d2 * z + qq[k]; }
      r = Math.exp(-ax * ax) / ax * (0.564189583547756287 - z * n2 / d2);
    }
    return x < 0 ? r - 1 : 1 - r;
  }

  function gelu(x) { return 0.5 * x * (1 + erf(x / Math.SQRT2)); } // F.gelu's exact form

  // y (rows) = W (rows, cols) x (cols) [+ b]: torch's Linear, weight stored row by row
  // (cols is a multiple of 4 here: four sums at once keep the CPU's pipeline full)
  function linear(W, b, x, rows, cols, y) {
    for (var r = 0; r < rows; r++) {
      var s0 = 0, s1 = 0, s2 = 0, s3 = 0, base = r * cols;
      for (var c = 0; c < cols; c += 4) {
        s0 += W[base + c] * x[c];
        s1 += W[base + c + 1] * x[c + 1];
        s2 += W[base + c + 2] * x[c + 2];
        s3 += W[base + c + 3] * x[c + 3];
      }
      y[r] = (s0 + s1) + (s2 + s3) + (b ? b[r] : 0);
    }
    return y;
  }

  function layerNorm(x, w, b, eps, out) {
    var n = x.length, mean = 0, variance = 0, i;
    for (i = 0; i < n; i++) mean += x[i];
    mean /= n;
    for (i = 0; i < n; i++) variance += (x[i] - mean) * (x[i] - mean);
    var scale = 1 / Math.sqrt(variance / n + eps);
    for (i = 0; i < n; i++) out[i] = (x[i] - mean) * scale * w[i] + (b ? b[i] : 0);
    return out;
  }

  function Model(header, weights) {
    var cfg = header.config;
    this.config = cfg;
    this.chars = header.chars;
    this.ids = {};
    var self = this;
    this.chars.forEach(function (ch, i) { self.ids[ch] = i; });
    var t = {};
    weights = Float64Array.from(weights); // exact: every float32 is a float64
    header.tensors.forEach(function (spec) {
      var size = spec.shape.reduce(function (a, b) { return a * b; }, 1);
      t[spec.name] = weights.subarray(spec.offset, spec.offset + size);
    });
    this.t = t;
    this.nParams = weights.length;
    this.valLoss = header.val_loss;
    var C = cfg.n_embd;
    // scratch space, reused by every step
    this.x = new Float64Array(C); this.h = new Float64Array(C);
    this.qkv = new Float64Array(3 * C); this.y = new Float64Array(C);
    this.o = new Float64Array(C); this.f = new Float64Array(4 * C);
  }

  Model.prototype.encode = function (text) {
    var self = this;
    return Array.prototype.map.call(text, function (ch) { return self.ids[ch]; });
  };

  Model.prototype.decode = function (ids) {
    var chars = this.chars;
    return ids.map(function (i) { return chars[i]; }).join("");
  };

  /* The keys and values every layer computed for the tokens seen so far: (S, C) per layer. */
  Model.prototype.newCache = function () {
    var cfg = this.config, keys = [], values = [];
    for (var l = 0; l < cfg.n_layer; l++) {
      keys.push(new Float64Array(cfg.block_size * cfg.n_embd));
      values.push(new Float64Array(cfg.block_size * cfg.n_embd));
    }
    return { length: 0, keys: keys, values: values };
  };

  /* Feed one token at position cache.length: -> logits (V), and the last layer's attention
   * of this token, one row (S) per head, if `attention` is given (an array to fill). */
  Model.prototype.step = function (cache, token, attention) {
    var cfg = this.config, t = this.t, C = cfg.n_embd, nh = cfg.n_head, hs = C / nh;
    var eps = cfg.layer_norm_eps, pos = cache.length;
    if (pos >= cfg.block_size) throw new Error("the cache is full");
    var x = this.x, h = this.h, qkv = this.qkv, y = this.y, o = this.o, f = this.f, i;
    var tok = t["tok_emb.weight"], posEmb = t["pos_emb.weight"];
    for (i = 0; i < C; i++) x[i] = tok[token * C + i] + posEmb[pos * C + i];
    var S = pos + 1, scores = new Float64Array(S), scale = 1 / Math.sqrt(hs);
    for (var l = 0; l < cfg.n_layer; l++) {
      var p = "blocks." + l + ".";
      layerNorm(x, t[p + "ln_1.weight"], t[p + "ln_1.bias"], eps, h);
      linear(t[p + "attn.qkv.weight"], t[p + "attn.qkv.bias"], h, 3 * C, C, qkv);
      var K = cache.keys[l], Vc = cache.values[l];
      for (i = 0; i < C; i++) { K[pos * C + i] = qkv[C + i]; Vc[pos * C + i] = qkv[2 * C + i]; }
      for (var hd = 0; hd < nh; hd++) { // each head on its own slice of the channels
        var off = hd * hs, s, max = -Infinity;
        for (s = 0; s < S; s++) { // q k^T / sqrt(hs) over the cached tokens and this one
          var dot = 0;
          for (i = 0; i < hs; i++) dot += qkv[off + i] * K[s * C + off + i];
          scores[s] = dot * scale;
          if (scores[s] > max) max = scores[s];
        }
        var total = 0;
        for (s = 0; s < S; s++) { scores[s] = Math.exp(scores[s] - max); total += scores[s]; }
        for (i = 0; i < hs; i++) y[off + i] = 0;
        for (s = 0; s < S; s++) {
          var w = scores[s] / total;
          for (i = 0; i < hs; i++) y[off + i] += w * Vc[s * C + off + i];
        }
        if (attention && l === cfg.n_layer - 1) {
          var row = new Float64Array(S);
          for (s = 0; s < S; s++) row[s] = scores[s] / total;
          attention[hd] = row;
        }
      }
      linear(t[p + "attn.proj.weight"], t[p + "attn.proj.bias"], y, C, C, o);
      for (i = 0; i < C; i++) x[i] += o[i]; // tokens exchange information
      layerNorm(x, t[p + "ln_2.weight"], t[p + "ln_2.bias"], eps, h);
      linear(t[p + "mlp.fc.weight"], t[p + "mlp.fc.bias"], h, 4 * C, C, f);
      for (i = 0; i < 4 * C; i++) f[i] = gelu(f[i]);
      linear(t[p + "mlp.proj.weight"], t[p + "mlp.proj.bias"], f, C, 4 * C, o);
      for (i = 0; i < C; i++) x[i] += o[i]; // each token thinks on its own
    }
    cache.length = S;
    layerNorm(x, t["ln_f.weight"], t["ln_f.bias"], eps, h);
    // the head is tied to the token embedding: logits = tok_emb h
    return linear(tok, null, h, cfg.vocab_size, C, new Float64Array(cfg.vocab_size));
  };

  /* Logits of every position of ids (T <= block_size): the model's output (T, V). */
  Model.prototype.logits = function (ids) {
    var cache = this.newCache(), self = this;
    return ids.map(function (id) { return Array.from(self.step(cache, id)); });
  };

  /* A generation, one step at a time, as kv_cache.generate_cached: the prompt goes
   * through once (the prefill), then each step feeds only the newest token; when the window
   * is full and slides on, the cache is rebuilt from the last block_size tokens.
   *
   * That rebuild makes every step past the window cost a whole window (128 positions): too
   * slow to watch in a page. So by default (slide: "half") the page rebuilds the cache from
   * the last half window instead, and steps are cheap again for the next half window: past
   * the first block_size tokens the model then sees 64 to 128 of the last characters, not
   * always 128, and the text may differ from Python's there. slide: "exact" is Python's rule.
   * settings: {temperature, topK (null: off), topP (null: off), seed, slide, record (keep
   * each step's distribution and attention)}. */
  function Writer(model, promptIds, settings) {
    checkSettings(settings.temperature, settings.topK, settings.topP);
    if (settings.slide !== undefined && settings.slide !== "exact" && settings.slide !== "half")
      throw new InputError("slide must be \"exact\" or \"half\".");
    this.model = model;
    this.ids = promptIds.slice();
    this.promptLength = promptIds.length;
    this.settings = settings;
    this.random = seededRandom(settings.seed || 0);
    this.cache = model.newCache();
    this.pending = this.ids.slice(-model.config.block_size); // the prefill
    this.steps = [];
  }

  Writer.prototype.next = function () {
    var model = this.model, block = model.config.block_size, s = this.settings;
    if (this.cache.length + this.pending.length > block) { // the window slides: start over
      this.cache = model.newCache();
      this.pending = this.ids.slice(s.slide === "exact" ? -block : -Math.floor(block / 2));
    }
    var logits, attention = s.record ? [] : null;
    for (var i = 0; i < this.pending.length; i++) {
      var last = i === this.pending.length - 1;
      logits = model.step(this.cache, this.pending[i], last ? attention : null);
    }
    var probs = filteredDistribution(logits, s.temperature, s.topK, s.topP);
    var id = s.temperature === 0 ? argmax(logits) : draw(probs, this.random);
    if (s.record) {
      this.steps.push({
        id: id, probs: probs, attention: attention,
        // before the filters: the tempered softmax (greedy shows the plain one)
        before: softmax(s.temperature === 0 ? logits
          : logits.map(function (v) { return v / s.temperature; })),
        window: this.ids.slice(-this.cache.length),
      });
    }
    this.ids.push(id);
    this.pending = [id]; // the only token the model has not seen yet
    return id;
  };

  /* n new tokens at once: {ids, text, seconds, tokensPerSecond}. */
  function generate(model, prompt, n, settings) {
    var ids = typeof prompt === "string" ? checkPrompt(model, prompt) : prompt;
    var writer = new Writer(model, ids, settings);
    var start = now();
    for (var i = 0; i < n; i++) writer.next();
    var seconds = (now() - start) / 1000;
    var fresh = writer.ids.slice(ids.length);
    return { ids: fresh, text: model.decode(fresh), seconds: seconds,
             tokensPerSecond: n / seconds };
  }

  function now() { return root.performance ? root.performance.now() : Date.now(); }

  function shown(ch) {
    return { "\n": "\u23ce", " ": "\u2423", "\t": "\u21e5" }[ch] || ch;
  }

  /* The prompt's ids, or an InputError saying what to change. */
  function checkPrompt(model, text) {
    if (!text.length)
      throw new InputError(T.emptyPrompt);
    var unknown = [];
    Array.prototype.forEach.call(text, function (ch) {
      if (model.ids[ch] === undefined && unknown.indexOf(ch) < 0) unknown.push(ch);
    });
    if (unknown.length)
      throw new InputError(T.unknown(model.chars.length, unknown));
    return model.encode(text);
  }

  /* ---- loading the weights (once per page) ---- */

  var loaded = null, waiting = [];

  function drain() {
    var queue = root.PixelsToGPTLiveQueue || [];
    while (queue.length) {
      var item = queue.shift();
      try {
        loaded = new Model(item[0], base64ToFloats(item[1]));
      } catch (error) {
        loaded = { failed: T.notRead(error.message) };
      }
    }
    if (loaded) { var w = waiting; waiting = []; w.forEach(function (f) { f(loaded); }); }
  }

  var requested = false;
  function load(src) {
    return new Promise(function (resolve) {
      if (loaded) return resolve(loaded);
      waiting.push(resolve);
      drain();
      if (loaded || requested) return;
      requested = true;
      var script = root.document.createElement("script");
      script.src = src || new URL("live_model/shakespeare_char.js", here || root.location.href).href;
      script.async = true;
      script.onerror = function () {
        loaded = { failed: T.notLoaded(script.src) };
        drain();
      };
      root.document.head.appendChild(script);
    });
  }

  /* ---- the panel ---- */

  var counter = 0;

  function el(tag, attrs, text) {
    var node = root.document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(form, name, label, attrs, help) {
    var id = "live-model-" + counter + "-" + name;
    var row = el("div", { "class": "live-model-field" });
    row.appendChild(el("label", { "for": id }, label));
    attrs.id = id;
    attrs.name = name;
    attrs["aria-describedby"] = id + "-help";
    var input = el(attrs.rows ? "textarea" : "input", attrs);
    if (attrs.rows) { input.removeAttribute("type"); }
    row.appendChild(input);
    row.appendChild(el("span", { "class": "live-model-help", id: id + "-help" }, help));
    form.appendChild(row);
    return input;
  }

  function number(input, what) {
    var text = String(input.value).trim();
    var value = Number(text);
    if (!text.length || !isFinite(value))
      throw new InputError(T.notANumber(what, input.value));
    return value;
  }

  var N_BARS = 10, N_ATTENDED = 20, MAX_NEW = 2000;

  function build(container) {
    if (container.getAttribute("data-ready") === "true") return;
    container.setAttribute("data-ready", "true");
    counter += 1;
    var fallback = container.querySelector(".live-model-fallback");
    if (fallback) fallback.remove();
    var prompt0 = container.getAttribute("data-prompt");
    prompt0 = prompt0 === null ? "ROMEO:\n" : prompt0;

    var form = el("form", { "class": "live-model-controls", novalidate: "novalidate",
                            "aria-label": T.settings });
    var prompt = field(form, "prompt", T.prompt, { rows: 3, spellcheck: "false" },
      T.promptHelp);
    prompt.value = prompt0;
    prompt.parentNode.classList.add("live-model-prompt");
    var temperature = field(form, "temperature", T.temperature,
      { type: "number", min: 0, max: 5, step: 0.05, value: 0.8, inputmode: "decimal" },
      T.temperatureHelp);
    var topK = field(form, "top-k", T.topK, { type: "number", min: 0, max: 65, step: 1,
      value: 0, inputmode: "numeric" }, T.topKHelp);
    var topP = field(form, "top-p", T.topP, { type: "number", min: 0.01, max: 1, step: 0.05,
      value: 0.95, inputmode: "decimal" }, T.topPHelp);
    var seed = field(form, "seed", T.seed, { type: "number", min: 0, step: 1, value: 0,
      inputmode: "numeric" }, T.seedHelp);
    var length = field(form, "length", T.length, { type: "number", min: 1,
      max: MAX_NEW, step: 1, value: 200, inputmode: "numeric" }, T.lengthHelp(MAX_NEW));
    var buttons = el("div", { "class": "live-model-buttons" });
    var write = el("button", { type: "submit", "class": "live-model-write", disabled: "" },
      "Write");
    var stop = el("button", { type: "button", "class": "live-model-stop", disabled: "" }, "Stop");
    if (T.writeTitle) write.title = T.writeTitle; // the label stays Write; the tooltip explains
    if (T.stopTitle) stop.title = T.stopTitle;
    buttons.appendChild(write);
    buttons.appendChild(stop);
    form.appendChild(buttons);
    container.appendChild(form);

    var message = el("p", { "class": "live-model-message", role: "alert" });
    message.hidden = true;
    var status = el("p", { "class": "live-model-status", "aria-live": "polite" },
      T.loading);
    container.appendChild(message);
    container.appendChild(status);

    var output = el("pre", { "class": "live-model-output", tabindex: "0",
      "aria-label": T.output });
    var promptSpan = el("span", { "class": "live-model-prompt-text" });
    var textSpan = el("span", { "class": "live-model-generated" });
    output.appendChild(promptSpan);
    output.appendChild(textSpan);
    container.appendChild(output);

    var inspect = el("div", { "class": "live-model-inspect" });
    var stepId = "live-model-" + counter + "-step";
    var stepRow = el("div", { "class": "live-model-field live-model-step" });
    stepRow.appendChild(el("label", { "for": stepId }, T.showStep));
    var stepInput = el("input", { type: "range", id: stepId, min: 1, max: 1, step: 1, value: 1,
      disabled: "" });
    var stepShown = el("output", { "for": stepId }, "\u2013");
    stepRow.appendChild(stepInput);
    stepRow.appendChild(stepShown);

    var distFigure = el("figure", { "class": "live-model-distribution" });
    var distCaption = el("figcaption", {}, T.distribution);
    var bars = el("ol", { "class": "live-model-bars" });
    distFigure.appendChild(distCaption);
    distFigure.appendChild(bars);
    distFigure.appendChild(el("p", { "class": "live-model-legend" }, T.legend));
    var attFigure = el("figure", { "class": "live-model-attention" });
    var attCaption = el("figcaption", {}, T.attention);
    var attTable = el("table", {});
    attFigure.appendChild(attCaption);
    attFigure.appendChild(attTable);
    inspect.appendChild(distFigure);
    inspect.appendChild(attFigure);
    container.appendChild(stepRow);
    container.appendChild(inspect);

    var model = null, writer = null, running = null, steps = [], current = null;

    function say(text) {
      message.textContent = text;
      message.hidden = !text;
    }

    function renderStep(index) {
      var step = steps[index];
      if (!step) return;
      stepShown.textContent = T.stepOf(index + 1, steps.length);
      var picked = model.chars[step.id];
      distCaption.textContent = T.step(index + 1,
        step.window.slice(-12).map(function (i) { return shown(model.chars[i]); }).join(""),
        shown(picked));
      var order = [];
      for (var i = 0; i < step.before.length; i++) order.push(i);
      order.sort(function (a, b) { return step.before[b] - step.before[a] || a - b; });
      bars.textContent = "";
      order.slice(0, N_BARS).forEach(function (id) {
        var kept = step.probs[id] > 0, value = kept ? step.probs[id] : step.before[id];
        var li = el("li", { "class": "live-model-bar " + (kept ? "kept" : "dropped") +
                                     (id === step.id ? " drawn" : "") });
        li.appendChild(el("span", { "class": "live-model-bar-label" },
          (id === step.id ? "\u25b6 " : "") + shown(model.chars[id])));
        var track = el("span", { "class": "live-model-bar-track", "aria-hidden": "true" });
        var fill = el("span", { "class": "live-model-bar-fill" });
        fill.style.width = (100 * value).toFixed(1) + "%";
        track.appendChild(fill);
        li.appendChild(track);
        li.appendChild(el("span", { "class": "live-model-bar-value" },
          kept ? (100 * value).toFixed(1) + "%" : T.dropped((100 * value).toFixed(1))));
        bars.appendChild(li);
      });
      // attention: one row per head over the last characters of the window
      var n = Math.min(N_ATTENDED, step.window.length), first = step.window.length - n;
      attCaption.textContent = T.looked(step.attention.length, index + 1, n,
        step.window.length);
      attTable.textContent = "";
      step.attention.forEach(function (row, head) {
        var tr = el("tr", {});
        tr.appendChild(el("th", { scope: "row" }, T.head(head + 1)));
        var top = 0;
        for (var s = first; s < row.length; s++) if (row[s] > top) top = row[s];
        for (s = first; s < row.length; s++) {
          var td = el("td", { title: (100 * row[s]).toFixed(1) + "%" });
          var bar = el("span", { "class": "live-model-att-bar", "aria-hidden": "true" });
          bar.style.height = (100 * row[s] / (top || 1)).toFixed(0) + "%";
          var barBox = el("span", { "class": "live-model-att-box", "aria-hidden": "true" });
          barBox.appendChild(bar);
          td.appendChild(barBox);
          td.appendChild(el("span", { "class": "live-model-att-char" },
            shown(model.chars[step.window[s]])));
          td.appendChild(el("span", { "class": "live-model-sr" },
            " " + (100 * row[s]).toFixed(0) + "%"));
          tr.appendChild(td);
        }
        attTable.appendChild(tr);
      });
      if (current) current.classList.remove("live-model-current");
      current = textSpan.children[index] || null;
      if (current) current.classList.add("live-model-current");
    }

    function finish(text) {
      running = null;
      write.disabled = false;
      stop.disabled = true;
      container.setAttribute("data-state", "done");
      if (text) status.textContent = text;
    }

    function start(event) {
      if (event) event.preventDefault();
      if (!model || running) return;
      say("");
      var ids, settings, n;
      try {
        ids = checkPrompt(model, prompt.value);
        var k = number(topK, T.names.topK), p = number(topP, T.names.topP);
        settings = { temperature: number(temperature, T.names.temperature),
                     topK: k === 0 ? null : k, topP: p === 1 ? null : p,
                     seed: number(seed, T.names.seed), record: true };
        if (settings.seed < 0 || Math.floor(settings.seed) !== settings.seed)
          throw new InputError(T.seedError);
        n = number(length, T.names.length);
        if (n < 1 || n > MAX_NEW || Math.floor(n) !== n)
          throw new InputError(T.lengthError(MAX_NEW));
        writer = new Writer(model, ids, settings);
      } catch (error) {
        say(error instanceof InputError ? error.message : T.wrong(error));
        container.setAttribute("data-state", "error");
        return;
      }
      steps = writer.steps;
      promptSpan.textContent = prompt.value;
      textSpan.textContent = "";
      current = null;
      stepInput.disabled = true;
      write.disabled = true;
      stop.disabled = false;
      container.setAttribute("data-state", "writing");
      var cropped = ids.length > model.config.block_size
        ? T.cropped(model.config.block_size) : "";
      var begun = now(), written = 0, token = {};
      running = token;
      function frame() {
        if (running !== token) return;
        // tokens for about 40 ms, then draw them and let the browser paint: the text comes
        // in small groups, as fast as the model writes (a frame at a time would cap it at
        // the screen's 60 frames a second, and background tabs get fewer)
        var until = now() + 40;
        try {
          var chunk = root.document.createDocumentFragment();
          while (written < n && now() < until) {
            var id = writer.next();
            written += 1;
            chunk.appendChild(el("span", {}, model.chars[id]));
          }
          textSpan.appendChild(chunk);
        } catch (error) {
          say(T.wrongWhileWriting(error.message));
          finish();
          return;
        }
        stepInput.max = written;
        stepInput.value = written;
        renderStep(written - 1);
        var seconds = (now() - begun) / 1000;
        status.textContent = T.progress(written < n, written, seconds.toFixed(2),
          Math.round(written / Math.max(seconds, 1e-3)), cropped);
        if (written < n) {
          root.setTimeout(frame, 0);
        } else {
          stepInput.disabled = false;
          container.setAttribute("data-tokens-per-second", (written / seconds).toFixed(1));
          finish();
        }
      }
      frame();
    }

    form.addEventListener("submit", start);
    stop.addEventListener("click", function () {
      if (!running) return;
      stepInput.disabled = steps.length === 0;
      finish(T.stopped(steps.length));
    });
    stepInput.addEventListener("input", function () { renderStep(Number(stepInput.value) - 1); });
    textSpan.addEventListener("click", function (event) {
      var i = Array.prototype.indexOf.call(textSpan.children, event.target);
      if (i >= 0 && !running) { stepInput.value = i + 1; renderStep(i); }
    });

    load(container.getAttribute("data-src")).then(function (m) {
      if (m.failed) {
        status.textContent = "";
        say(T.unavailable(m.failed));
        container.setAttribute("data-state", "error");
        return;
      }
      model = m;
      write.disabled = false;
      container.setAttribute("data-state", "ready");
      status.textContent = T.ready((m.nParams / 1e6).toFixed(2), m.config.n_layer,
        m.config.n_head, m.config.block_size, m.valLoss);
    });
  }

  function buildAll() {
    Array.prototype.forEach.call(root.document.querySelectorAll("div.live-model"), build);
  }

  root.PixelsToGPTLive = {
    filteredDistribution: function (logits, t, k, p) {
      return Array.from(filteredDistribution(logits, t, k, p));
    },
    softmax: function (x) { return Array.from(softmax(x)); },
    seededRandom: seededRandom,
    InputError: InputError,
    Model: Model,
    Writer: Writer,
    generate: generate,
    checkPrompt: checkPrompt,
    load: load,
    drain: drain,
    build: buildAll,
  };

  if (root.PixelsToGPTLiveQueue && root.PixelsToGPTLiveQueue.length) drain();
  if (root.document) {
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", buildAll);
    } else {
      buildAll();
    }
  }
})(typeof window !== "undefined" ? window : this);
