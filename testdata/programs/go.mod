module kafix.test/programs

go 1.26
