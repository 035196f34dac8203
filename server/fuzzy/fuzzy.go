// Package fuzzy finds the word a typo meant: the edit distance between two
// words, and the nearest of some candidates. Dockerfile instructions
// (`FORM` → `FROM`) and Compose keys (`prots` → `ports`) use it.
package fuzzy

import "strings"

// Distance is the optimal string alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of two adjacent
// letters each cost one.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the table are enough: a swap looks two rows back.
	prev2, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Nearest is the candidate closest to s, ignoring case, when it is close
// enough to be a typo: at most a third of the word's letters, and at most
// 3, differ. A candidate that differs from s only in case is nearest of
// all. "" when none is that close.
func Nearest(s string, candidates []string) string {
	limit := min(3, max(1, len([]rune(s))/3))
	lower, n := strings.ToLower(s), len([]rune(s))
	best, bestD := "", limit+1
	for _, c := range candidates {
		if diff := len([]rune(c)) - n; diff > limit || -diff > limit {
			continue // the distance is at least the difference in length: never within the limit
		}
		if d := Distance(lower, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
