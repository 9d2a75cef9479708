// Package lcs finds a longest common subsequence of two sequences: the
// line alignment under the fixer's minimal edits (fixer/lines.go) and
// under the migration driver's line diffs (cmd/internal/migrate).
package lcs

// Pairs returns the index pairs (i, j), in increasing order, of a
// longest common subsequence of two sequences of lengths n and m whose
// elements i and j are equal if eq(i, j).
//
// The common prefix and suffix are paired first; the rest, the middle,
// is aligned with the classic table of rn×rm cells. If that table would
// have more than maxCells cells, Pairs returns false, and pairs holds
// only the prefix and the suffix: the middle is one unaligned run.
func Pairs(n, m int, eq func(i, j int) bool, maxCells int) (pairs [][2]int, ok bool) {
	pre := 0
	for pre < n && pre < m && eq(pre, pre) {
		pairs = append(pairs, [2]int{pre, pre})
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && eq(n-1-suf, m-1-suf) {
		suf++
	}
	rn, rm := n-pre-suf, m-pre-suf
	ok = rn*rm <= maxCells
	if ok {
		pairs = appendMiddle(pairs, pre, rn, rm, eq)
	}
	for k := suf; k > 0; k-- {
		pairs = append(pairs, [2]int{n - k, m - k})
	}
	return pairs, ok
}

// appendMiddle appends to pairs those of a longest common subsequence
// of the rn elements and the rm elements that follow the common prefix
// of length pre.
func appendMiddle(pairs [][2]int, pre, rn, rm int, eq func(i, j int) bool) [][2]int {
	// t[i][j] is the length of a longest common subsequence of the
	// suffixes starting at i and j.
	t := make([][]int32, rn+1)
	for i := range t {
		t[i] = make([]int32, rm+1)
	}
	for i := rn - 1; i >= 0; i-- {
		for j := rm - 1; j >= 0; j-- {
			if eq(pre+i, pre+j) {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	for i, j := 0, 0; i < rn && j < rm; {
		switch {
		case eq(pre+i, pre+j):
			pairs = append(pairs, [2]int{pre + i, pre + j})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}
