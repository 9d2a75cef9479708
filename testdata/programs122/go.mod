module kafix.test/programs122

go 1.22
