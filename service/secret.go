package service

import "log/slog"

// Secret holds a participant token or a stream key. It prints masked through
// fmt, %v, %s, %#v, JSON and slog, so a secret reaches a log or the screen only
// where code asks for it by name with Reveal.
type Secret string

const maskedSecret = "••••••••"

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether there is no secret.
func (s Secret) IsZero() bool { return s == "" }

// String masks the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return maskedSecret
}

// GoString masks the secret under %#v.
func (s Secret) GoString() string { return s.String() }

// MarshalText masks the secret in JSON, YAML and text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue masks the secret in slog records.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Masked shows the last four characters only, enough to tell two secrets apart.
func (s Secret) Masked() string {
	r := []rune(string(s))
	if len(r) <= 8 {
		return s.String()
	}
	return maskedSecret + string(r[len(r)-4:])
}
