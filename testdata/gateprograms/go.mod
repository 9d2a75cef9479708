module kafix.test/gateprograms

go 1.26
