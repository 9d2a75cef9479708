module kafix.test/oneimport

go 1.26
