module example.com/kafix-example

go 1.26
