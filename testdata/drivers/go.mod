module kafix.test/drivers

go 1.26
