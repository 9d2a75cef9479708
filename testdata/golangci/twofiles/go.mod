module kafix.test/twofiles

go 1.26
