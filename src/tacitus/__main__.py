from tacitus.cli.main import main

main()
