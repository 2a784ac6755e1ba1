from cranisotropy.cli import main

raise SystemExit(main())
