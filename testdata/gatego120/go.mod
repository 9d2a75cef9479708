module gatego120

go 1.20
