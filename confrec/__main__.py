from confrec.cli import main

main()
