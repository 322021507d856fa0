package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
	"github.com/golang-jwt/jwt/v5"
)

// jwtPart decodes the header (0) or claims (1) of a JWT without checking it.
func jwtPart(t *testing.T, token string, i int) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[i])
	noErr(t, err)
	var m map[string]any
	noErr(t, json.Unmarshal(raw, &m))
	return m
}

func TestMintedTokenClaims(t *testing.T) {
	v := startFast(t)
	st := v.stage("claims")
	arn := aws.ToString(st.Arn)
	out := must[*ivsrealtime.CreateParticipantTokenOutput](t)(v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{
		StageArn: st.Arn, UserId: aws.String("zoë"), Attributes: map[string]string{"role": "host"},
		Capabilities: []types.ParticipantTokenCapability{types.ParticipantTokenCapabilitySubscribe}, Duration: aws.Int32(5)}))
	pt := out.ParticipantToken
	tok := aws.ToString(pt.Token)
	h := jwtPart(t, tok, 0)
	// IVS's own tokens say alg KMS; ES384 is for self-signed ones.
	equal(t, "alg", h["alg"].(string), "KMS")
	if kid, _ := h["kid"].(string); !strings.HasPrefix(kid, "ivsdash-emulator-") {
		t.Fatalf("kid %q is not emulator-specific", kid)
	}
	c := jwtPart(t, tok, 1)
	equal(t, "jti", c["jti"].(string), aws.ToString(pt.ParticipantId))
	equal(t, "resource", c["resource"].(string), arn)
	equal(t, "topic", c["topic"].(string), arn[len(arn)-12:])
	equal(t, "events_url", c["events_url"].(string), aws.ToString(st.Endpoints.Events))
	equal(t, "whip_url", c["whip_url"].(string), aws.ToString(st.Endpoints.Whip))
	equal(t, "version", c["version"].(string), "1.0")
	equal(t, "user_id", c["user_id"].(string), "zoë")
	equal(t, "attributes", c["attributes"].(map[string]any)["role"].(string), "host")
	caps := c["capabilities"].(map[string]any)
	equal(t, "allow_publish", caps["allow_publish"].(bool), false)
	equal(t, "allow_subscribe", caps["allow_subscribe"].(bool), true)
	equal(t, "exp", int64(c["exp"].(float64)), v.clock.Now().Add(5*time.Minute).Unix())
	equal(t, "iat", int64(c["iat"].(float64)), v.clock.Now().Unix())

	// The same claims under the emulator's kid but alg ES384 are not a token it minted.
	var claims tokenClaims
	_, _, err := jwt.NewParser().ParseUnverified(tok, &claims)
	noErr(t, err)
	es := jwt.NewWithClaims(jwt.SigningMethodES384, claims)
	es.Header["kid"] = h["kid"]
	forged, err := es.SignedString(v.e.b.signer.key)
	noErr(t, err)
	_, err = v.e.Join(forged)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeAccessDenied || !strings.Contains(e.Message, "alg KMS") {
		t.Fatalf("ES384 token under the emulator's kid: %v", err)
	}

	j := must[JoinResult](t)(v.e.Join(tok))
	equal(t, "participant id assigned at mint", j.ParticipantID, aws.ToString(pt.ParticipantId))
	p := v.participant(arn, j.SessionID, j.ParticipantID)
	equal(t, "userId from the token", aws.ToString(p.UserId), "zoë")
	equal(t, "attributes from the token", p.Attributes["role"], "host")

	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String("arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh")})
	wantCode(t, err, "ResourceNotFoundException", "")
	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: st.Arn,
		Capabilities: []types.ParticipantTokenCapability{"PUBLISH", "PUBLISH"}})
	wantCode(t, err, "ValidationException", "duplicate")
	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: st.Arn,
		Capabilities: []types.ParticipantTokenCapability{"PUBLISH", "SUBSCRIBE", "PUBLISH"}})
	wantCode(t, err, "ValidationException", "less than or equal to 2")

	// A token expires.
	expiring := aws.ToString(must[*ivsrealtime.CreateParticipantTokenOutput](t)(v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{
		StageArn: st.Arn, Duration: aws.Int32(1)})).ParticipantToken.Token)
	v.clock.Advance(61 * time.Second)
	_, err = v.e.Join(expiring)
	if !errors.As(err, &e) || e.Code != CodeAccessDenied || !strings.Contains(e.Message, "expired") {
		t.Fatalf("expired token: %v", err)
	}
}

// keyPair makes a P-384 key and its PEM public key.
func keyPair(t *testing.T, curve elliptic.Curve) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	noErr(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	noErr(t, err)
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

type selfClaims struct {
	jwt.RegisteredClaims
	Resource     string            `json:"resource,omitempty"`
	Topic        string            `json:"topic,omitempty"`
	EventsURL    string            `json:"events_url,omitempty"`
	WhipURL      string            `json:"whip_url,omitempty"`
	Capabilities map[string]bool   `json:"capabilities,omitempty"`
	Version      string            `json:"version,omitempty"`
	UserID       string            `json:"user_id,omitempty"`
	Attributes   map[string]string `json:"attributes,omitempty"`
}

func sign(t *testing.T, method jwt.SigningMethod, key any, kid string, c selfClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	noErr(t, err)
	return s
}

func TestSelfSignedTokens(t *testing.T) {
	v := startFast(t)
	st := v.stage("self")
	arn := aws.ToString(st.Arn)
	key, material := keyPair(t, elliptic.P384())
	imported := must[*ivsrealtime.ImportPublicKeyOutput](t)(v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{
		Name: aws.String("backend"), PublicKeyMaterial: aws.String(material)})).PublicKey
	kid := aws.ToString(imported.Arn)
	if !regexp.MustCompile(`^arn:aws:ivs:us-east-1:123456789012:public-key/[a-zA-Z0-9]{12}$`).MatchString(kid) {
		t.Fatalf("public key ARN %q", kid)
	}
	equal(t, "material echoed", aws.ToString(imported.PublicKeyMaterial), material)
	if !regexp.MustCompile(`^([0-9a-f]{2}:){31}[0-9a-f]{2}$`).MatchString(aws.ToString(imported.Fingerprint)) {
		t.Fatalf("fingerprint %q", aws.ToString(imported.Fingerprint))
	}
	now := v.clock.Now()
	good := func() selfClaims {
		return selfClaims{
			RegisteredClaims: jwt.RegisteredClaims{ID: "my-own-id-42", IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))},
			Resource:         arn, Topic: arn[len(arn)-12:], EventsURL: aws.ToString(st.Endpoints.Events), WhipURL: aws.ToString(st.Endpoints.Whip),
			Capabilities: map[string]bool{"allow_publish": true, "allow_subscribe": false}, Version: "1.0",
			UserID: "backend-user", Attributes: map[string]string{"plan": "pro"},
		}
	}
	j := must[JoinResult](t)(v.e.Join(sign(t, jwt.SigningMethodES384, key, kid, good())))
	equal(t, "participant id is the jti", j.ParticipantID, "my-own-id-42")
	p := v.participant(arn, j.SessionID, j.ParticipantID)
	equal(t, "userId", aws.ToString(p.UserId), "backend-user")
	equal(t, "attributes", p.Attributes["plan"], "pro")
	noErr(t, v.e.Publish(arn, j.ParticipantID))
	err := v.e.Subscribe(arn, j.ParticipantID, j.ParticipantID+"x")
	var e *Error
	if !errors.As(err, &e) || e.EventErrorCode != "INSUFFICIENT_CAPABILITIES" {
		t.Fatalf("capabilities come from the claims: %v", err)
	}
	list := must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: st.Arn, SessionId: aws.String(j.SessionID)}))
	equal(t, "listed", aws.ToString(list.Participants[0].ParticipantId), "my-own-id-42")

	otherKey, _ := keyPair(t, elliptic.P384())
	p256, _ := keyPair(t, elliptic.P256())
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	noErr(t, err)
	cases := []struct {
		name   string
		token  func() string
		code   string
		reason string
	}{
		{"signed by another key", func() string { return sign(t, jwt.SigningMethodES384, otherKey, kid, good()) }, CodeAccessDenied, "signature"},
		{"unknown public key ARN", func() string {
			return sign(t, jwt.SigningMethodES384, key, "arn:aws:ivs:us-east-1:123456789012:public-key/zzzzzzzzzzzz", good())
		}, CodeAccessDenied, "not imported"},
		{"kid not an ARN", func() string { return sign(t, jwt.SigningMethodES384, key, "my-key", good()) }, CodeAccessDenied, "kid"},
		{"alg KMS with an imported key", func() string { return sign(t, signingMethodKMS, key, kid, good()) }, CodeAccessDenied, "alg ES384"},
		{"ES256", func() string { return sign(t, jwt.SigningMethodES256, p256, kid, good()) }, CodeAccessDenied, ""},
		{"RS256", func() string { return sign(t, jwt.SigningMethodRS256, rsaKey, kid, good()) }, CodeAccessDenied, ""},
		{"HS256 with the public key as secret", func() string { return sign(t, jwt.SigningMethodHS256, []byte(material), kid, good()) }, CodeAccessDenied, ""},
		{"expired", func() string {
			c := good()
			c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second))
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "expired"},
		{"no exp", func() string {
			c := good()
			c.ExpiresAt = nil
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, ""},
		{"issued in the future", func() string {
			c := good()
			c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour))
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, ""},
		{"stage of another account", func() string {
			c := good()
			c.Resource = "arn:aws:ivs:us-east-1:210987654321:stage/" + c.Topic
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "another region or account"},
		{"topic does not match", func() string {
			c := good()
			c.Topic = "somethingelse"
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "topic"},
		{"no capabilities", func() string {
			c := good()
			c.Capabilities = nil
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "capabilities"},
		{"wrong version", func() string {
			c := good()
			c.Version = "2.0"
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "version"},
		{"bad jti", func() string {
			c := good()
			c.ID = "not valid!"
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "jti"},
		{"attributes over 1 KB", func() string {
			c := good()
			c.Attributes = map[string]string{"k": strings.Repeat("v", 1100)}
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeAccessDenied, "attributes"},
		{"stage that does not exist", func() string {
			c := good()
			c.Resource, c.Topic = "arn:aws:ivs:us-east-1:123456789012:stage/zzzzzzzzzzzz", "zzzzzzzzzzzz"
			return sign(t, jwt.SigningMethodES384, key, kid, c)
		}, CodeNotFound, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.e.Join(c.token())
			var e *Error
			if !errors.As(err, &e) || e.Code != c.code || !strings.Contains(e.Message, c.reason) {
				t.Fatalf("Join = %v, want %s mentioning %q", err, c.code, c.reason)
			}
		})
	}
	count := len(must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: st.Arn, SessionId: aws.String(j.SessionID)})).Participants)
	equal(t, "rejected tokens joined nobody", count, 1)

	// Deleting the public key invalidates tokens signed with it.
	c := good()
	c.ID = "after-delete"
	later := sign(t, jwt.SigningMethodES384, key, kid, c)
	must[*ivsrealtime.DeletePublicKeyOutput](t)(v.c.DeletePublicKey(v.ctx, &ivsrealtime.DeletePublicKeyInput{Arn: imported.Arn}))
	_, err = v.e.Join(later)
	if !errors.As(err, &e) || e.Code != CodeAccessDenied {
		t.Fatalf("token of a deleted key: %v", err)
	}

	// A token for a stage that is deleted is refused over HTTP too.
	tok := aws.ToString(v.token(arn, "late").Token)
	must[*ivsrealtime.DeleteStageOutput](t)(v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: st.Arn}))
	wantRawError(t, v.post("/_emulator/join", map[string]string{"token": tok}), 404, "ResourceNotFoundException")
}

func TestTokensOfAnotherEmulatorAreForeign(t *testing.T) {
	a := startFast(t)
	b := startFast(t)
	arn := aws.ToString(a.stage("a").Arn)
	tok := aws.ToString(a.token(arn, "x").Token)
	_, err := b.e.Join(tok)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeAccessDenied {
		t.Fatalf("a token signed by another emulator: %v", err)
	}
}

func TestPublicKeys(t *testing.T) {
	v := startFast(t)
	_, rsaPEM := func() (any, string) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		noErr(t, err)
		der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		return k, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	}()
	_, p256 := keyPair(t, elliptic.P256())
	for _, c := range []struct{ name, material, fragment string }{
		{"not PEM", "hello", "publicKeyMaterial"},
		{"RSA key", rsaPEM, "ECDSA P-384"},
		{"P-256 key", p256, "ECDSA P-384"},
		{"broken base64", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "not a valid public key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String(c.material)})
			wantCode(t, err, "ValidationException", c.fragment)
		})
	}
	var arns []string
	var first string
	for i := range 3 {
		_, m := keyPair(t, elliptic.P384())
		if i == 0 {
			first = m
		}
		out := must[*ivsrealtime.ImportPublicKeyOutput](t)(v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String(m),
			Tags: map[string]string{"n": string(rune('a' + i))}}))
		arns = append(arns, aws.ToString(out.PublicKey.Arn))
	}
	_, m := keyPair(t, elliptic.P384())
	_, err := v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String(m)})
	wantCode(t, err, "ServiceQuotaExceededException", "3")
	_, err = v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String(first)})
	wantCode(t, err, "ConflictException", arns[0])

	list := must[*ivsrealtime.ListPublicKeysOutput](t)(v.c.ListPublicKeys(v.ctx, &ivsrealtime.ListPublicKeysInput{}))
	equal(t, "listed", len(list.PublicKeys), 3)
	equal(t, "summary tags", list.PublicKeys[1].Tags["n"], "b")
	raw := v.raw("POST", "/ListPublicKeys", `{}`)
	if strings.Contains(string(raw.body), "publicKeyMaterial") || strings.Contains(string(raw.body), "fingerprint") {
		t.Fatal("summaries carry no key material")
	}
	got := must[*ivsrealtime.GetPublicKeyOutput](t)(v.c.GetPublicKey(v.ctx, &ivsrealtime.GetPublicKeyInput{Arn: aws.String(arns[0])}))
	equal(t, "material", aws.ToString(got.PublicKey.PublicKeyMaterial), first)
	must[*ivsrealtime.DeletePublicKeyOutput](t)(v.c.DeletePublicKey(v.ctx, &ivsrealtime.DeletePublicKeyInput{Arn: aws.String(arns[0])}))
	_, err = v.c.GetPublicKey(v.ctx, &ivsrealtime.GetPublicKeyInput{Arn: aws.String(arns[0])})
	wantCode(t, err, "ResourceNotFoundException", arns[0])
	must[*ivsrealtime.ImportPublicKeyOutput](t)(v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String(m)}))
}
