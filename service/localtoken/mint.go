package localtoken

import (
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// TokenVersion is the `version` claim of self-signed tokens.
const TokenVersion = "1.0"

// Claims are the claims of a self-signed participant token, under the names
// IVS reads. RegisteredClaims carries exp, iat and jti (the participant id).
type Claims struct {
	jwt.RegisteredClaims
	Resource     string            `json:"resource"`
	Topic        string            `json:"topic"`
	EventsURL    string            `json:"events_url"`
	WHIPURL      string            `json:"whip_url"`
	Capabilities Capabilities      `json:"capabilities"`
	Version      string            `json:"version"`
	UserID       string            `json:"user_id,omitempty"`
	Attributes   map[string]string `json:"attributes,omitempty"`
}

// Capabilities is the `capabilities` claim.
type Capabilities struct {
	AllowPublish   bool `json:"allow_publish"`
	AllowSubscribe bool `json:"allow_subscribe"`
}

// Mint signs a participant token for stage, as CreateParticipantToken would
// answer, without calling the API. stage must carry its ARN and endpoints
// (GetStage fills them; ListStages does not). The request is validated as
// the API validates it.
func (s *Signer) Mint(stage service.Stage, req service.TokenRequest, now time.Time) (service.ParticipantToken, error) {
	if s == nil || s.key == nil {
		return service.ParticipantToken{}, errors.New("localtoken: no signer (load a private key first)")
	}
	topic, err := stageID(stage.ARN)
	if err != nil {
		return service.ParticipantToken{}, err
	}
	if req.StageARN != "" && req.StageARN != stage.ARN {
		return service.ParticipantToken{}, fmt.Errorf("localtoken: the token request is for stage %s but the stage given is %s", truncate(req.StageARN, 200), stage.ARN)
	}
	if stage.Endpoints.Events == "" || stage.Endpoints.WHIP == "" {
		return service.ParticipantToken{}, fmt.Errorf("localtoken: stage %s has no events or WHIP endpoint: fetch it with GetStage before minting", stage.ARN)
	}
	norm, err := validateRequest(req)
	if err != nil {
		return service.ParticipantToken{}, err
	}
	id, err := newParticipantID()
	if err != nil {
		return service.ParticipantToken{}, err
	}

	// JWT times are whole seconds; the returned expiration is the claim's, so
	// what the dashboard shows is what IVS will enforce.
	issued := now.Truncate(time.Second)
	expires := issued.Add(time.Duration(norm.DurationMinutes) * time.Minute)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID:        id,
			IssuedAt:  jwt.NewNumericDate(issued),
			ExpiresAt: jwt.NewNumericDate(expires),
		},
		Resource:     stage.ARN,
		Topic:        topic,
		EventsURL:    stage.Endpoints.Events,
		WHIPURL:      stage.Endpoints.WHIP,
		Capabilities: capabilitiesClaim(norm.Capabilities),
		Version:      TokenVersion,
		UserID:       norm.UserID,
		Attributes:   norm.Attributes,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodES384, claims)
	tok.Header["kid"] = s.publicKeyARN
	signed, err := tok.SignedString(s.key)
	if err != nil {
		return service.ParticipantToken{}, fmt.Errorf("localtoken: signing the token: %w", err)
	}
	return service.ParticipantToken{
		ParticipantID:   id,
		Token:           service.Secret(signed),
		UserID:          norm.UserID,
		Attributes:      maps.Clone(norm.Attributes),
		Capabilities:    norm.Capabilities,
		DurationMinutes: norm.DurationMinutes,
		Expiration:      expires.UTC(),
	}, nil
}

func capabilitiesClaim(caps []string) Capabilities {
	var c Capabilities
	for _, cp := range caps {
		switch cp {
		case ivs.CapabilityPublish:
			c.AllowPublish = true
		case ivs.CapabilitySubscribe:
			c.AllowSubscribe = true
		}
	}
	return c
}

// participantIDAlphabet and participantIDLength match the ids IVS issues.
const (
	participantIDAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	participantIDLength   = 12
)

// newParticipantID draws 12 characters uniformly from [a-zA-Z0-9]; rejection
// sampling avoids the bias a plain modulo would add.
func newParticipantID() (string, error) {
	const limit = 256 - 256%len(participantIDAlphabet)
	out := make([]byte, 0, participantIDLength)
	buf := make([]byte, 2*participantIDLength)
	for len(out) < participantIDLength {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("localtoken: drawing a participant id: %w", err)
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, participantIDAlphabet[int(b)%len(participantIDAlphabet)])
			if len(out) == participantIDLength {
				break
			}
		}
	}
	return string(out), nil
}
