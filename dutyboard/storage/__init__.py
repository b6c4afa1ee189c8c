"""Storage: the board file and its format. Records and their stamps (hlc), the clock,
durable private writes, migrations, the validation of values, and the one module that
owns the board file (store). It knows nothing of duty days or groups; what happens to a
closed day's records is decided by the core and handed in."""
