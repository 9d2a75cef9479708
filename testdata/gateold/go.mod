module gateold

go 1.22
