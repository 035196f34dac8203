package korean

import "testing"

func TestParticleHangul(t *testing.T) {
	cases := []struct {
		word                string
		이가, 을를, 은는, 와과, 으로로 string
	}{
		{"컨테이너", "가", "를", "는", "와", "로"},  // no final
		{"이미지", "가", "를", "는", "와", "로"},   // no final
		{"빌드 단계", "가", "를", "는", "와", "로"}, // the last word decides
		{"플래그", "가", "를", "는", "와", "로"},
		{"포트", "가", "를", "는", "와", "로"},
		{"지시문", "이", "을", "은", "과", "으로"}, // ㄴ
		{"볼륨", "이", "을", "은", "과", "으로"},  // ㅁ
		{"작업", "이", "을", "은", "과", "으로"},  // ㅂ
		{"태그", "가", "를", "는", "와", "로"},
		{"레이블", "이", "을", "은", "과", "로"}, // ㄹ: 로, not 으로
		{"서울", "이", "을", "은", "과", "로"},
		{"값", "이", "을", "은", "과", "으로"},  // ㅄ
		{"닭", "이", "을", "은", "과", "으로"},  // ㄺ is not ㄹ
		{"엔진", "이", "을", "은", "과", "으로"}, // ㄴ
		{"힣", "이", "을", "은", "과", "으로"},  // the last syllable, ㅎ
		{"가", "가", "를", "는", "와", "로"},   // the first syllable
	}
	for _, c := range cases {
		for _, p := range []struct{ withFinal, withoutFinal, want string }{
			{"이", "가", c.이가}, {"을", "를", c.을를}, {"은", "는", c.은는},
			{"과", "와", c.와과}, {"으로", "로", c.으로로},
		} {
			got, ok := Particle(c.word, p.withFinal, p.withoutFinal)
			if !ok || got != p.want {
				t.Errorf("Particle(%q, %q, %q) = %q, %v; want %q", c.word, p.withFinal, p.withoutFinal, got, ok, p.want)
			}
		}
	}
}

// Digits are read as a Korean number: the last digit's name, or the unit
// of the trailing zeros (십 백 천, then 만 억 조 경 for whole groups of four).
func TestParticleNumbers(t *testing.T) {
	cases := []struct {
		word    string
		이가, 으로로 string
	}{
		{"0", "이", "으로"},  // 영
		{"1", "이", "로"},   // 일: ㄹ
		{"2", "가", "로"},   // 이
		{"3", "이", "으로"},  // 삼
		{"4", "가", "로"},   // 사
		{"5", "가", "로"},   // 오
		{"6", "이", "으로"},  // 육
		{"7", "이", "로"},   // 칠
		{"8", "이", "로"},   // 팔
		{"9", "가", "로"},   // 구
		{"10", "이", "으로"}, // 십
		{"21", "이", "로"},  // 이십일
		{"22", "가", "로"},  // 이십이
		{"80", "이", "으로"}, // 팔십
		{"100", "이", "으로"},
		{"300", "이", "으로"},       // 삼백
		{"1000", "이", "으로"},      // 천
		{"3000", "이", "으로"},      // 삼천
		{"3001", "이", "로"},       // 삼천일
		{"8080", "이", "으로"},      // 팔천팔십
		{"37939", "가", "로"},      // 삼만 칠천구백삼십구
		{"10000", "이", "으로"},     // 만
		{"65535", "가", "로"},      // 육만 오천오백삼십오
		{"100000", "이", "으로"},    // 십만: ends in 만, not 십
		{"120000", "이", "으로"},    // 십이만
		{"1000000", "이", "으로"},   // 백만
		{"100000000", "이", "으로"}, // 억
		{"3000000000", "이", "으로"},
		{"1000000000000", "가", "로"},      // 조: no final
		{"20000000000000000", "이", "으로"}, // 이경
		{"007", "이", "로"},                // leading zeros are not read: 칠
		{"000", "이", "으로"},               // 영
	}
	for _, c := range cases {
		if got, ok := Particle(c.word, "이", "가"); !ok || got != c.이가 {
			t.Errorf("Particle(%q, 이, 가) = %q, %v; want %q", c.word, got, ok, c.이가)
		}
		if got, ok := Particle(c.word, "으로", "로"); !ok || got != c.으로로 {
			t.Errorf("Particle(%q, 으로, 로) = %q, %v; want %q", c.word, got, ok, c.으로로)
		}
	}
	// A unit past 경 is too rare to read with confidence.
	if got, ok := Particle("100000000000000000000", "이", "가"); ok {
		t.Errorf("Particle(10^20) = %q, true; want no answer", got)
	}
}

// Only the trailing run of digits is read, after anything but a letter.
func TestParticleNumbersInWords(t *testing.T) {
	cases := []struct{ word, want string }{
		{"8080:80", "이"},        // 팔십
		{"127.0.0.1:3000", "이"}, // 삼천
		{"1.20", "이"},           // 이십
		{"1.2", "가"},            // 이
		{"호스트 포트 3000", "이"},
		{"-1", "이"},        // 일
		{"포트3", "이"},       // 삼: a Hangul syllable before the digits is fine
		{"`8080:80`", "이"}, // backticks are not read
		{"'22'", "가"},
		{"\"3\"", "이"},
	}
	for _, c := range cases {
		if got, ok := Particle(c.word, "이", "가"); !ok || got != c.want {
			t.Errorf("Particle(%q, 이, 가) = %q, %v; want %q", c.word, got, ok, c.want)
		}
	}
}

// A trailing parenthetical is read past, as in "컨테이너(이미지 `x`)가".
func TestParticleParenthetical(t *testing.T) {
	cases := []struct{ word, want string }{
		{"컨테이너(이미지 `d83611d298ff`)", "를"},
		{"히어독(`<<EOF`)", "을"},
		{"프런트엔드(1.26)", "를"},
		{"`lucid_shannon` 컨테이너(이미지 `node`)", "를"},
		{"빌드 단계(`FROM (a)`)", "를"}, // nested parentheses
		{"포트(80)(tcp)", "를"},       // two in a row
	}
	for _, c := range cases {
		if got, ok := Particle(c.word, "을", "를"); !ok || got != c.want {
			t.Errorf("Particle(%q, 을, 를) = %q, %v; want %q", c.word, got, ok, c.want)
		}
	}
}

// Where the reading is a guess, Particle gives no answer and the caller
// rephrases: Latin letters, digits after a letter, symbols, jamo, nothing.
func TestParticleUncertain(t *testing.T) {
	for _, word := range []string{
		"",
		"FROM", "`RUN`", "'lucid_shannon'", "--from", "nginx", "d83611d298ff",
		"node18", "v2", "Python3", "build2", // English or Korean numbers? "eighteen" vs 십팔
		"/app/", "80/tcp", "a.b", "$PORT", "*", "``", "()", "(이미지)", "이미지)", ")",
		"ㄱ", "ㅏ", // compatibility jamo are not syllables
		"コンテナ", "容器", "über",
		"이미지 ", // a trailing space is not a sound
	} {
		if got, ok := Particle(word, "이", "가"); ok {
			t.Errorf("Particle(%q, 이, 가) = %q, true; want no answer", word, got)
		}
	}
}

// 으로서 and 으로써 follow the ㄹ rule of 으로; other pairs with 으 do not
// exist among particles after nouns, so only the 으로 prefix is special.
func TestParticleEuroFamily(t *testing.T) {
	cases := []struct{ word, withFinal, withoutFinal, want string }{
		{"레이블", "으로서", "로서", "로서"},
		{"지시문", "으로서", "로서", "으로서"},
		{"칠", "으로써", "로써", "로써"},
		{"레이블", "이나", "나", "이나"}, // ㄹ is a final consonant for 이나
		{"레이블", "이라는", "라는", "이라는"},
		{"이미지", "이라는", "라는", "라는"},
	}
	for _, c := range cases {
		if got, ok := Particle(c.word, c.withFinal, c.withoutFinal); !ok || got != c.want {
			t.Errorf("Particle(%q, %q, %q) = %q, %v; want %q", c.word, c.withFinal, c.withoutFinal, got, ok, c.want)
		}
	}
}
