"""Claims: by a code to the practice e-mail, by a number, and the administrators' decisions."""
