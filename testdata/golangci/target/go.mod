module kafix.test/target

go 1.26
