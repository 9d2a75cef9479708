package lcs

import (
	"math/rand/v2"
	"testing"
)

// TestPairs: the pairs are increasing in both indexes, pair equal
// elements, and are as many as the length of a longest common
// subsequence, computed here by plain recursion.
func TestPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		a, b := word(rng), word(rng)
		pairs, ok := Pairs(len(a), len(b), func(i, j int) bool { return a[i] == b[j] }, 1<<20)
		if !ok {
			t.Fatalf("%q %q: not ok", a, b)
		}
		last := [2]int{-1, -1}
		for _, p := range pairs {
			if p[0] <= last[0] || p[1] <= last[1] || a[p[0]] != b[p[1]] {
				t.Fatalf("iteration %d: %q %q: bad pairs %v", iter, a, b, pairs)
			}
			last = p
		}
		if want := lcsLen(a, b); len(pairs) != want {
			t.Fatalf("iteration %d: %q %q: %d pairs, want %d", iter, a, b, len(pairs), want)
		}
	}
}

// TestPairsTooLarge: past maxCells, only the common prefix and suffix
// are paired.
func TestPairsTooLarge(t *testing.T) {
	a, b := "abXYZcd", "abZYXcd"
	eq := func(i, j int) bool { return a[i] == b[j] }
	pairs, ok := Pairs(len(a), len(b), eq, 8)
	want := [][2]int{{0, 0}, {1, 1}, {5, 5}, {6, 6}}
	if ok || len(pairs) != len(want) {
		t.Fatalf("Pairs = %v, %v; want %v, false", pairs, ok, want)
	}
	for i := range want {
		if pairs[i] != want[i] {
			t.Fatalf("Pairs = %v; want %v", pairs, want)
		}
	}
	if pairs, ok := Pairs(len(a), len(b), eq, 9); !ok || len(pairs) != 5 {
		t.Errorf("with 9 cells: Pairs = %v, %v; want 5 pairs, true", pairs, ok)
	}
}

func word(rng *rand.Rand) string {
	b := make([]byte, rng.IntN(8))
	for i := range b {
		b[i] = "abc"[rng.IntN(3)]
	}
	return string(b)
}

func lcsLen(a, b string) int {
	if a == "" || b == "" {
		return 0
	}
	if a[0] == b[0] {
		return 1 + lcsLen(a[1:], b[1:])
	}
	return max(lcsLen(a[1:], b), lcsLen(a, b[1:]))
}
