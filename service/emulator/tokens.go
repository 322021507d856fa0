package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Participant tokens are JWTs. The ones CreateParticipantToken mints carry
// header alg "KMS", as IVS's do; the emulator signs them with
// its own P-384 key (made at New; header kid names it), an ES384 signature
// under that name. It also accepts self-signed ES384 tokens whose kid is the
// ARN of an imported public key, as IVS does. The claims are those of real
// tokens (https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/getting-started-distribute-tokens.html).

// signingMethodKMS is how the emulator writes IVS's "KMS" alg: ES384 with
// the emulator's key. Registered so the verifier can parse it; verifyToken
// accepts it only with the emulator's own kid.
var signingMethodKMS jwt.SigningMethod = kmsMethod{}

type kmsMethod struct{}

func (kmsMethod) Alg() string { return "KMS" }
func (kmsMethod) Sign(s string, key any) ([]byte, error) {
	return jwt.SigningMethodES384.Sign(s, key)
}
func (kmsMethod) Verify(s string, sig []byte, key any) error {
	return jwt.SigningMethodES384.Verify(s, sig, key)
}

func init() {
	jwt.RegisterSigningMethod(signingMethodKMS.Alg(), func() jwt.SigningMethod { return signingMethodKMS })
}

type signer struct {
	key *ecdsa.PrivateKey
	kid string
}

func newSigner() (*signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate the token signing key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("encode the token signing key: %w", err)
	}
	sum := sha256.Sum256(der)
	return &signer{key: key, kid: "ivsdash-emulator-" + hex.EncodeToString(sum[:6])}, nil
}

type tokenCapabilities struct {
	AllowPublish   bool `json:"allow_publish"`
	AllowSubscribe bool `json:"allow_subscribe"`
}

type tokenClaims struct {
	jwt.RegisteredClaims
	Resource     string             `json:"resource"`
	Topic        string             `json:"topic"`
	EventsURL    string             `json:"events_url"`
	WhipURL      string             `json:"whip_url"`
	Capabilities *tokenCapabilities `json:"capabilities"`
	Version      string             `json:"version"`
	UserID       string             `json:"user_id,omitempty"`
	Attributes   map[string]string  `json:"attributes,omitempty"`
}

// grant is what a verified token allows.
type grant struct {
	stageID       string
	stageARN      string
	participantID string
	userID        string
	attributes    map[string]string
	canPublish    bool
	canSubscribe  bool
}

type participantTokenOut struct {
	ParticipantID  string            `json:"participantId"`
	Token          string            `json:"token"`
	UserID         string            `json:"userId,omitempty"`
	Attributes     map[string]string `json:"attributes,omitempty"`
	Capabilities   []string          `json:"capabilities"`
	Duration       int32             `json:"duration"`
	ExpirationTime isoTime           `json:"expirationTime"`
}

// tokenSpec is what a participant token grants; the wire layer has
// filled in the defaults.
type tokenSpec struct {
	userID       string
	attributes   map[string]string
	capabilities []string
	minutes      int32
}

// CreateParticipantToken mints a token for a stage.
func (b *backend) CreateParticipantToken(stageARN string, spec tokenSpec) (participantTokenOut, error) {
	now := b.lock()
	defer b.unlock()
	st, err := findARN(&b.stages, stageARN)
	if err != nil {
		return participantTokenOut{}, err
	}
	return b.mintToken(st, spec, now)
}

// mintToken assigns a participant id and signs a token for it.
func (b *backend) mintToken(st *stage, spec tokenSpec, now time.Time) (participantTokenOut, error) {
	caps, attrs, minutes := spec.capabilities, spec.attributes, spec.minutes
	exp := now.Add(time.Duration(minutes) * time.Minute)
	pid := b.newID()
	ep := stageEndpoints(st.host)
	claims := tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID:        pid,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		Resource:     st.arn,
		Topic:        st.id,
		EventsURL:    ep.Events,
		WhipURL:      ep.Whip,
		Capabilities: &tokenCapabilities{AllowPublish: slices.Contains(caps, "PUBLISH"), AllowSubscribe: slices.Contains(caps, "SUBSCRIBE")},
		Version:      "1.0",
		UserID:       spec.userID,
	}
	if len(attrs) > 0 {
		claims.Attributes = cloneMap(attrs)
	}
	t := jwt.NewWithClaims(signingMethodKMS, claims)
	t.Header["kid"] = b.signer.kid
	signed, err := t.SignedString(b.signer.key)
	if err != nil {
		return participantTokenOut{}, newError(CodeInternal, "sign the participant token: %v", err)
	}
	out := participantTokenOut{
		ParticipantID:  pid,
		Token:          signed,
		UserID:         spec.userID,
		Capabilities:   slices.Clone(caps),
		Duration:       minutes,
		ExpirationTime: isoTime(exp),
	}
	if len(attrs) > 0 {
		out.Attributes = cloneMap(attrs)
	}
	return out, nil
}

var errUnknownKey = errors.New("unknown signing key")

// maxTokenBytes bounds what the verifier parses.
const maxTokenBytes = 16 << 10

// verifyToken checks a token's signature, algorithm, expiry and claims. Its
// errors never contain the token. Called with b.mu held.
func (b *backend) verifyToken(token string, now time.Time) (grant, error) {
	if token == "" {
		return grant{}, validationError("1 validation error detected: Value null at 'token' failed to satisfy constraint: Member must not be null")
	}
	if len(token) > maxTokenBytes {
		return grant{}, accessDenied("the participant token is not valid: longer than %d bytes", maxTokenBytes)
	}
	var c tokenClaims
	var keyErr error
	keyFor := func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == b.signer.kid {
			if t.Method != signingMethodKMS {
				keyErr = fmt.Errorf("a token minted by CreateParticipantToken has alg KMS, not %s", t.Method.Alg())
				return nil, keyErr
			}
			return &b.signer.key.PublicKey, nil
		}
		if t.Method != jwt.SigningMethodES384 {
			keyErr = fmt.Errorf("a self-signed token must have alg ES384, not %s", t.Method.Alg())
			return nil, keyErr
		}
		v := b.validator()
		id := v.arn("kid", kid, kindPublicKey)
		if id == "" {
			keyErr = fmt.Errorf("%w: kid must be the ARN of a public key imported in %s", errUnknownKey, b.region)
			return nil, keyErr
		}
		pk, ok := b.publicKeys.get(id)
		if !ok {
			keyErr = fmt.Errorf("%w: public key %s is not imported (or was deleted)", errUnknownKey, kid)
			return nil, keyErr
		}
		return pk.key, nil
	}
	_, err := jwt.ParseWithClaims(token, &c, keyFor,
		jwt.WithValidMethods([]string{"ES384", signingMethodKMS.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return now }))
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenExpired):
		return grant{}, accessDenied("the participant token has expired")
	case keyErr != nil:
		return grant{}, accessDenied("the participant token is not valid: %v", keyErr)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return grant{}, accessDenied("the participant token is not valid: its signature does not verify")
	case errors.Is(err, jwt.ErrTokenMalformed):
		return grant{}, accessDenied("the participant token is not valid: it is not a well-formed JWT")
	default:
		return grant{}, accessDenied("the participant token is not valid: %v", err)
	}
	return b.checkClaims(&c)
}

func (b *backend) checkClaims(c *tokenClaims) (grant, error) {
	bad := func(format string, a ...any) (grant, error) {
		return grant{}, accessDenied("the participant token is not valid: "+format, a...)
	}
	if c.ID == "" || len(c.ID) > ivs.MaxParticipantIDLength || !participantIDPat.re.MatchString(c.ID) {
		return bad("claim jti must be a participant id of 1-%d characters %s", ivs.MaxParticipantIDLength, participantIDPat.text)
	}
	m := arnShape.FindStringSubmatch(c.Resource)
	if m == nil || m[3] != kindStage {
		return bad("claim resource must be a stage ARN")
	}
	if m[1] != b.region || m[2] != b.account {
		return bad("claim resource names a stage in another region or account")
	}
	if c.Topic != m[4] {
		return bad("claim topic must be the stage id %s", m[4])
	}
	if c.Capabilities == nil {
		return bad("claim capabilities is missing")
	}
	if c.Version != "1.0" {
		return bad(`claim version must be "1.0"`)
	}
	if len([]rune(c.UserID)) > ivs.MaxUserIDLength {
		return bad("claim user_id is longer than %d characters", ivs.MaxUserIDLength)
	}
	total := 0
	for k, v := range c.Attributes {
		total += len(k) + len(v)
	}
	if total > ivs.MaxAttributesBytes {
		return bad("claim attributes is larger than %d bytes", ivs.MaxAttributesBytes)
	}
	return grant{
		stageID:       m[4],
		stageARN:      c.Resource,
		participantID: c.ID,
		userID:        c.UserID,
		attributes:    cloneMap(c.Attributes),
		canPublish:    c.Capabilities.AllowPublish,
		canSubscribe:  c.Capabilities.AllowSubscribe,
	}, nil
}
