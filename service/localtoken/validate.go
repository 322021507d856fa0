package localtoken

import (
	"fmt"
	"maps"
	"unicode/utf8"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// validateRequest applies CreateParticipantToken's rules and its defaults,
// so a locally minted token is one the API would also have issued. Error
// messages give sizes, never the untrusted values themselves.
func validateRequest(req service.TokenRequest) (service.TokenRequest, error) {
	out := service.TokenRequest{
		StageARN:        req.StageARN,
		UserID:          req.UserID,
		Attributes:      maps.Clone(req.Attributes),
		DurationMinutes: req.DurationMinutes,
	}
	if out.DurationMinutes == 0 {
		out.DurationMinutes = ivs.DefaultTokenDurationMinutes
	}
	if out.DurationMinutes < ivs.MinTokenDurationMinutes || out.DurationMinutes > ivs.MaxTokenDurationMinutes {
		return out, fmt.Errorf("localtoken: duration %d minutes is out of range: %d-%d minutes (default %d)",
			req.DurationMinutes, ivs.MinTokenDurationMinutes, ivs.MaxTokenDurationMinutes, ivs.DefaultTokenDurationMinutes)
	}

	if !utf8.ValidString(req.UserID) {
		return out, fmt.Errorf("localtoken: userId is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(req.UserID); n > ivs.MaxUserIDLength {
		return out, fmt.Errorf("localtoken: userId is %d characters; at most %d", n, ivs.MaxUserIDLength)
	}

	// IVS states "1 KB total" for attributes; keys and values are counted in
	// UTF-8 bytes.
	size := 0
	for k, v := range req.Attributes {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return out, fmt.Errorf("localtoken: an attribute key or value is not valid UTF-8")
		}
		size += len(k) + len(v)
	}
	if size > ivs.MaxAttributesBytes {
		return out, fmt.Errorf("localtoken: attributes are %d bytes in total; at most %d", size, ivs.MaxAttributesBytes)
	}

	caps, err := normalizeCapabilities(req.Capabilities)
	if err != nil {
		return out, err
	}
	out.Capabilities = caps
	return out, nil
}

// normalizeCapabilities gives an empty list the API default (both), as
// service.Client does (it sends no capabilities for an empty list), so a
// request yields the same grants minted here or by CreateParticipantToken.
// Repeats collapse, as the list is a set; the result is in a fixed order.
func normalizeCapabilities(caps []string) ([]string, error) {
	if len(caps) == 0 {
		return []string{ivs.CapabilityPublish, ivs.CapabilitySubscribe}, nil
	}
	if len(caps) > ivs.MaxCapabilities {
		return nil, fmt.Errorf("localtoken: %d capabilities given; at most %d (%s, %s)", len(caps), ivs.MaxCapabilities, ivs.CapabilityPublish, ivs.CapabilitySubscribe)
	}
	var pub, sub bool
	for _, c := range caps {
		switch c {
		case ivs.CapabilityPublish:
			pub = true
		case ivs.CapabilitySubscribe:
			sub = true
		default:
			return nil, fmt.Errorf("localtoken: capability %q is not one of %s, %s", truncate(c, 40), ivs.CapabilityPublish, ivs.CapabilitySubscribe)
		}
	}
	var out []string
	if pub {
		out = append(out, ivs.CapabilityPublish)
	}
	if sub {
		out = append(out, ivs.CapabilitySubscribe)
	}
	return out, nil
}
