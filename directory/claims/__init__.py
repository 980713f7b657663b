"""Claims: proving control of a listing, by a code to the practice e-mail or by a number."""
