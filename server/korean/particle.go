// Package korean chooses Korean particles for words that are only known at
// run time, so a message reads "포트 설정 `8080:80`이" instead of writing both
// forms in parentheses after the word and leaving the choice to the reader.
//
// A particle follows the sound of the word before it: 이/가, 을/를, 은/는,
// 과/와 and 으로/로 each have one form after a final consonant and one after
// a vowel. Particle decides only where the reading is certain: a Hangul
// syllable, or a number read the Korean way (80 팔십, 3000 삼천). For Latin
// letters and anything else the reading is a guess (`RUN` 런? 알유엔?), so
// Particle says it does not know and the caller rephrases instead, putting
// the particle on a fixed Korean noun: "`RUN` 지시문을".
package korean

import (
	"strings"
	"unicode/utf8"
)

// sound is how a word ends when read aloud.
type sound int

const (
	unknown   sound = iota
	vowel           // no final consonant: 가, 사, 조
	rieul           // final ㄹ: 일, 칠, 팔
	consonant       // any other final consonant: 삼, 십, 백
)

// Particle returns the form of a particle that fits after word:
// withFinal after a final consonant, withoutFinal after a vowel. For the
// 으로/로 pair (withFinal starting with "으로": 으로, 으로서, 으로써) a final ㄹ
// takes withoutFinal, as in "일로", "서울로". The second result is false when
// the reading of word is not certain; the caller must then rephrase rather
// than guess.
//
// Particle reads the last sound of word, skipping closing backticks and
// quotes, and skipping a trailing parenthetical, which Korean reads past:
// "이미지(`nginx`)" takes the particle of 이미지.
func Particle(word, withFinal, withoutFinal string) (string, bool) {
	switch lastSound(word) {
	case vowel:
		return withoutFinal, true
	case rieul:
		if strings.HasPrefix(withFinal, "으로") {
			return withoutFinal, true
		}
		return withFinal, true
	case consonant:
		return withFinal, true
	}
	return "", false
}

// closers are the characters read as nothing at the end of a word.
const closers = "`'\"’”」』》〉"

// lastSound is the final sound of word, or unknown.
func lastSound(word string) sound {
	for {
		word = strings.TrimRight(word, closers)
		if !strings.HasSuffix(word, ")") {
			break
		}
		open := matchingOpen(word)
		if open <= 0 {
			return unknown
		}
		word = word[:open]
	}
	if word == "" {
		return unknown
	}
	if r, _ := utf8.DecodeLastRuneInString(word); r < '0' || r > '9' {
		return syllableSound(r)
	}
	return numberSound(word)
}

// matchingOpen is the index of the "(" that the final ")" of word closes,
// or -1.
func matchingOpen(word string) int {
	depth := 0
	for i := len(word) - 1; i >= 0; i-- {
		switch word[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// syllableSound is the final sound of a Hangul syllable; anything else is
// unknown.
func syllableSound(r rune) sound {
	if r < 0xAC00 || r > 0xD7A3 {
		return unknown
	}
	switch (r - 0xAC00) % 28 {
	case 0:
		return vowel
	case 8: // ㄹ
		return rieul
	}
	return consonant
}

// digitSounds is how each digit ends when read alone: 영 일 이 삼 사 오 육 칠 팔 구.
var digitSounds = [10]sound{consonant, rieul, vowel, consonant, vowel, vowel, consonant, rieul, rieul, vowel}

// placeSounds is how 십, 백 and 천 end, for a number that ends in one, two
// or three zeros: 80 팔십, 300 삼백, 3000 삼천.
var placeSounds = [4]sound{unknown, consonant, consonant, consonant}

// groupSounds is how 만, 억, 조 and 경 end, for a number whose last four,
// eight, twelve or sixteen digits are zeros: 100000 십만, 10^12 일조. Larger
// units are too rare to be worth a guess.
var groupSounds = []sound{unknown, consonant, consonant, vowel, consonant}

// numberSound is the final sound of word, which ends in a digit, read as a
// Korean number: the run of digits at its end, as in "8080:80" or "1.20".
// Digits right after a Latin letter ("node18", "v2") are read in English
// as often as in Korean, so they are unknown.
func numberSound(word string) sound {
	start := len(word)
	for start > 0 && word[start-1] >= '0' && word[start-1] <= '9' {
		start--
	}
	if start > 0 {
		if c := word[start-1]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return unknown
		}
	}
	digits := strings.TrimLeft(word[start:], "0")
	if digits == "" {
		return digitSounds[0] // 영
	}
	switch zeros := len(digits) - len(strings.TrimRight(digits, "0")); {
	case zeros == 0:
		return digitSounds[digits[len(digits)-1]-'0']
	case zeros < 4:
		return placeSounds[zeros]
	case zeros/4 < len(groupSounds):
		return groupSounds[zeros/4]
	}
	return unknown
}
