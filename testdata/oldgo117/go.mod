module oldgo117

go 1.17
