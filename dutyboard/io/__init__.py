"""Files in and out of a board: sign-up sheet imports applied, and the exports."""
