package localtoken

import (
	"crypto/elliptic"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ivsdash/ivsdash/service"
)

var testStage = service.Stage{
	ARN:  "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEf012345",
	ID:   "AbCdEf012345",
	Name: "show",
	Endpoints: service.StageEndpoints{
		Events: "wss://global.events.live-video.net",
		WHIP:   "https://f99084460c35.global-bm.whip.live-video.net",
	},
}

func testSigner(t *testing.T) *Signer {
	t.Helper()
	s, err := NewSigner(newKey(t, elliptic.P384()), testKeyARN)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// verify parses a token with the signer's public key, as IVS would, with the
// clock at now.
func verify(t *testing.T, s *Signer, token string, now time.Time) (*jwt.Token, *Claims) {
	t.Helper()
	var c Claims
	tok, err := jwt.ParseWithClaims(token, &c, func(tok *jwt.Token) (any, error) {
		return &s.key.PublicKey, nil
	}, jwt.WithValidMethods([]string{"ES384"}), jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return tok, &c
}

// rawClaims decodes the payload without the typed struct, to check the wire
// names IVS reads.
func rawClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMintVerifiesWithEveryClaim(t *testing.T) {
	s := testSigner(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 500_000_000, time.UTC)
	req := service.TokenRequest{
		StageARN:        testStage.ARN,
		UserID:          "alice",
		Attributes:      map[string]string{"role": "host", "seat": "1"},
		Capabilities:    []string{service.CapabilityPublish},
		DurationMinutes: 90,
	}
	pt, err := s.Mint(testStage, req, now)
	if err != nil {
		t.Fatal(err)
	}
	tok, c := verify(t, s, pt.Token.Reveal(), now.Add(time.Minute))

	if tok.Method.Alg() != "ES384" || tok.Header["alg"] != "ES384" {
		t.Fatalf("alg = %v", tok.Header["alg"])
	}
	if tok.Header["kid"] != testKeyARN {
		t.Fatalf("kid = %v", tok.Header["kid"])
	}
	if !regexp.MustCompile(`^[a-zA-Z0-9]{12}$`).MatchString(c.ID) {
		t.Fatalf("jti = %q, want 12 of [a-zA-Z0-9]", c.ID)
	}
	if c.ID != pt.ParticipantID {
		t.Fatalf("jti %q != participant id %q", c.ID, pt.ParticipantID)
	}
	wantIat := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if !c.IssuedAt.Time.Equal(wantIat) {
		t.Fatalf("iat = %v", c.IssuedAt)
	}
	if !c.ExpiresAt.Time.Equal(wantIat.Add(90 * time.Minute)) {
		t.Fatalf("exp = %v", c.ExpiresAt)
	}
	if !pt.Expiration.Equal(c.ExpiresAt.Time) {
		t.Fatalf("Expiration %v != exp %v", pt.Expiration, c.ExpiresAt.Time)
	}
	if c.Resource != testStage.ARN || c.Topic != "AbCdEf012345" {
		t.Fatalf("resource %q topic %q", c.Resource, c.Topic)
	}
	if c.EventsURL != testStage.Endpoints.Events || c.WHIPURL != testStage.Endpoints.WHIP {
		t.Fatalf("events_url %q whip_url %q", c.EventsURL, c.WHIPURL)
	}
	if c.Capabilities != (Capabilities{AllowPublish: true}) {
		t.Fatalf("capabilities = %+v", c.Capabilities)
	}
	if c.Version != "1.0" || c.UserID != "alice" || c.Attributes["role"] != "host" || c.Attributes["seat"] != "1" || len(c.Attributes) != 2 {
		t.Fatalf("version %q user_id %q attributes %v", c.Version, c.UserID, c.Attributes)
	}
	if pt.UserID != "alice" || pt.DurationMinutes != 90 || !slices.Equal(pt.Capabilities, []string{"PUBLISH"}) || pt.Attributes["role"] != "host" {
		t.Fatalf("returned token fields: %+v", pt)
	}

	raw := rawClaims(t, pt.Token.Reveal())
	for _, name := range []string{"exp", "iat", "jti", "resource", "topic", "events_url", "whip_url", "capabilities", "version", "user_id", "attributes"} {
		if _, ok := raw[name]; !ok {
			t.Errorf("claim %q missing from %v", name, raw)
		}
	}
	caps, _ := raw["capabilities"].(map[string]any)
	if caps["allow_publish"] != true || caps["allow_subscribe"] != false {
		t.Errorf("capabilities claim on the wire = %v", raw["capabilities"])
	}

	// IVS refuses it once it has expired.
	var late Claims
	_, err = jwt.ParseWithClaims(pt.Token.Reveal(), &late, func(*jwt.Token) (any, error) { return &s.key.PublicKey, nil },
		jwt.WithTimeFunc(func() time.Time { return now.Add(91 * time.Minute) }))
	if err == nil {
		t.Fatal("expired token verified")
	}
	// And another key does not verify it.
	other := testSigner(t)
	_, err = jwt.ParseWithClaims(pt.Token.Reveal(), &late, func(*jwt.Token) (any, error) { return &other.key.PublicKey, nil })
	if err == nil {
		t.Fatal("token verified with a different key")
	}
}

func TestMintDefaults(t *testing.T) {
	s := testSigner(t)
	now := time.Unix(1_800_000_000, 0)
	pt, err := s.Mint(testStage, service.TokenRequest{}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, c := verify(t, s, pt.Token.Reveal(), now)
	if c.Capabilities != (Capabilities{AllowPublish: true, AllowSubscribe: true}) {
		t.Fatalf("default capabilities = %+v", c.Capabilities)
	}
	if got := c.ExpiresAt.Sub(c.IssuedAt.Time); got != 720*time.Minute {
		t.Fatalf("default duration = %v", got)
	}
	if pt.DurationMinutes != 720 || !slices.Equal(pt.Capabilities, []string{"PUBLISH", "SUBSCRIBE"}) {
		t.Fatalf("returned defaults: %+v", pt)
	}
	raw := rawClaims(t, pt.Token.Reveal())
	if _, ok := raw["user_id"]; ok {
		t.Error("empty user_id should be omitted")
	}
	if _, ok := raw["attributes"]; ok {
		t.Error("empty attributes should be omitted")
	}

	// An empty, non-nil list is the default too, as through service.Client.
	pt, err = s.Mint(testStage, service.TokenRequest{Capabilities: []string{}}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, c = verify(t, s, pt.Token.Reveal(), now)
	if c.Capabilities != (Capabilities{AllowPublish: true, AllowSubscribe: true}) || len(pt.Capabilities) != 2 {
		t.Fatalf("empty capabilities gave %+v / %v", c.Capabilities, pt.Capabilities)
	}
	// Repeats collapse.
	pt, err = s.Mint(testStage, service.TokenRequest{Capabilities: []string{"SUBSCRIBE", "SUBSCRIBE"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, c = verify(t, s, pt.Token.Reveal(), now)
	if c.Capabilities != (Capabilities{AllowSubscribe: true}) || !slices.Equal(pt.Capabilities, []string{"SUBSCRIBE"}) {
		t.Fatalf("repeated SUBSCRIBE gave %+v / %v", c.Capabilities, pt.Capabilities)
	}

	// Limits themselves are accepted.
	for _, d := range []int{1, 20160} {
		if _, err := s.Mint(testStage, service.TokenRequest{DurationMinutes: d, UserID: strings.Repeat("é", 128),
			Attributes: map[string]string{"k": strings.Repeat("v", 1023)}}, now); err != nil {
			t.Errorf("duration %d at the limits refused: %v", d, err)
		}
	}
}

func TestMintParticipantIDsDiffer(t *testing.T) {
	s := testSigner(t)
	seen := map[string]bool{}
	for range 50 {
		pt, err := s.Mint(testStage, service.TokenRequest{}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if seen[pt.ParticipantID] {
			t.Fatalf("participant id %q repeated", pt.ParticipantID)
		}
		seen[pt.ParticipantID] = true
	}
}

func TestMintValidation(t *testing.T) {
	s := testSigner(t)
	now := time.Now()
	noEndpoints := testStage
	noEndpoints.Endpoints = service.StageEndpoints{}
	badStage := testStage
	badStage.ARN = "arn:aws:ivs:us-east-1:123456789012:composition/abc"

	cases := []struct {
		name  string
		stage service.Stage
		req   service.TokenRequest
		want  string
	}{
		{"duration too long", testStage, service.TokenRequest{DurationMinutes: 20161}, "duration 20161 minutes is out of range: 1-20160"},
		{"duration negative", testStage, service.TokenRequest{DurationMinutes: -5}, "duration -5 minutes is out of range"},
		{"unknown capability", testStage, service.TokenRequest{Capabilities: []string{"PUBLISH", "ADMIN"}}, `capability "ADMIN" is not one of PUBLISH, SUBSCRIBE`},
		{"lower-case capability", testStage, service.TokenRequest{Capabilities: []string{"publish"}}, `capability "publish"`},
		{"three capabilities", testStage, service.TokenRequest{Capabilities: []string{"PUBLISH", "SUBSCRIBE", "PUBLISH"}}, "3 capabilities given; at most 2"},
		{"user id too long", testStage, service.TokenRequest{UserID: strings.Repeat("x", 129)}, "userId is 129 characters; at most 128"},
		{"user id not UTF-8", testStage, service.TokenRequest{UserID: "a\xffb"}, "userId is not valid UTF-8"},
		{"attributes too big", testStage, service.TokenRequest{Attributes: map[string]string{"a": strings.Repeat("b", 600), "c": strings.Repeat("d", 500)}}, "attributes are 1102 bytes in total; at most 1024"},
		{"attribute not UTF-8", testStage, service.TokenRequest{Attributes: map[string]string{"k": "\xc3"}}, "not valid UTF-8"},
		{"stage mismatch", testStage, service.TokenRequest{StageARN: "arn:aws:ivs:us-east-1:123456789012:stage/other"}, "the token request is for stage"},
		{"no endpoints", noEndpoints, service.TokenRequest{}, "has no events or WHIP endpoint"},
		{"not a stage", badStage, service.TokenRequest{}, "is not a stage ARN"},
		{"empty stage", service.Stage{}, service.TokenRequest{}, "is not a stage ARN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pt, err := s.Mint(c.stage, c.req, now)
			if err == nil {
				t.Fatalf("minted %+v", pt)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
			if !pt.Token.IsZero() {
				t.Fatal("a token came back with the error")
			}
		})
	}
}

func TestMintNilSigner(t *testing.T) {
	var s *Signer
	if _, err := s.Mint(testStage, service.TokenRequest{}, time.Now()); err == nil {
		t.Fatal("nil signer minted")
	}
}

func TestMintDoesNotAliasRequest(t *testing.T) {
	s := testSigner(t)
	attrs := map[string]string{"a": "1"}
	pt, err := s.Mint(testStage, service.TokenRequest{Attributes: attrs}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	attrs["a"] = "changed"
	if pt.Attributes["a"] != "1" {
		t.Fatal("returned attributes alias the request's map")
	}
}

func TestNewParticipantIDAlphabet(t *testing.T) {
	counts := map[rune]int{}
	for range 2000 {
		id, err := newParticipantID()
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 12 {
			t.Fatalf("id %q has length %d", id, len(id))
		}
		for _, r := range id {
			counts[r]++
		}
	}
	// 24,000 draws over 62 symbols: every symbol appears (missing one would
	// mean a broken alphabet; the chance by luck is below 1e-150).
	if len(counts) != 62 {
		t.Fatalf("%d distinct characters, want 62", len(counts))
	}
	for r := range counts {
		if !strings.ContainsRune(participantIDAlphabet, r) {
			t.Fatalf("character %q outside [a-zA-Z0-9]", r)
		}
	}
}

func BenchmarkMint(b *testing.B) {
	s, err := NewSigner(newKey(b, elliptic.P384()), testKeyARN)
	if err != nil {
		b.Fatal(err)
	}
	req := service.TokenRequest{UserID: "bench", Attributes: map[string]string{"k": "v"}}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Mint(testStage, req, now); err != nil {
			b.Fatal(err)
		}
	}
}
