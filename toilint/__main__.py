import sys

from toilint.cli import main

sys.exit(main())
