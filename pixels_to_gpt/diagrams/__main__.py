"""`python -m pixels_to_gpt.diagrams`: write the book's diagrams into book/images/."""

from pixels_to_gpt.diagrams import main

raise SystemExit(main())
