from dutyboard.start import main

raise SystemExit(main())
