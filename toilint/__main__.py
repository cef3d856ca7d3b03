from toilint.entry import main_entry

main_entry()
