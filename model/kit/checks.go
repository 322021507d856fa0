package kit

import (
	"fmt"
	"net"
	"strings"
	"unicode/utf8"

	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Checks of form values with the limits the API enforces (package ivs), so a
// form says what is wrong before any call.

const (
	MaxNameLength     = ivs.MaxNameLength
	MaxTagKeyLength   = ivs.MaxTagKeyLength
	MaxTagValueLength = ivs.MaxTagValueLength
)

var (
	// Stage and resource names: 0-128 of [a-zA-Z0-9-_].
	NamePattern = ivs.Anchored(ivs.NamePattern)
	// Tag keys and values: the characters AWS tagging allows everywhere.
	tagPattern = ivs.Anchored(ivs.TagPattern)
	// S3 bucket names: lowercase letters, digits, dots and hyphens.
	bucketPattern = ivs.Anchored(ivs.BucketNamePattern)
)

// CheckName checks a resource name (optional).
func CheckName(v string) string {
	if n := utf8.RuneCountInString(v); n > MaxNameLength {
		return fmt.Sprintf("the name is %d characters; at most %d", n, MaxNameLength)
	}
	if !NamePattern.MatchString(v) {
		return "a name may hold letters, digits, - and _ only (no spaces)"
	}
	return ""
}

// CheckUserID checks a user id: any text up to 128 characters.
func CheckUserID(v string) string {
	if n := utf8.RuneCountInString(v); n > service.MaxUserIDLength {
		return fmt.Sprintf("the user id is %d characters; the API allows at most %d", n, service.MaxUserIDLength)
	}
	return ""
}

// CheckAttributes checks key=value attribute lines and their 1 KB total.
func CheckAttributes(text string) string {
	_, msg := ParseAttributes(text)
	return msg
}

// parseKeyValues reads key=value lines of attributes or tags (what); blank
// lines are skipped, keys and values trimmed, a key given twice refused.
func parseKeyValues(text, what string) (map[string]string, string) {
	out := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Sprintf("line %d: write %s as key=value", i+1, what)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Sprintf("line %d: %s is given twice", i+1, QuoteUntrusted(k))
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, ""
}

// ParseTags reads key=value tag lines and checks AWS's tagging rules: at
// most 50 tags, keys 1-128 and values 0-256 characters of the allowed set,
// and no key starting with the reserved "aws:".
func ParseTags(text string) (map[string]string, string) {
	tags, msg := parseKeyValues(text, "tags")
	if msg != "" {
		return nil, msg
	}
	if len(tags) > service.MaxTags {
		return nil, fmt.Sprintf("%d tags; a resource has at most %d", len(tags), service.MaxTags)
	}
	for k, v := range tags {
		if msg := checkTag(k, v); msg != "" {
			return nil, msg
		}
	}
	if len(tags) == 0 {
		return nil, ""
	}
	return tags, ""
}

// NewTagsField is the optional tags field of the create forms.
func NewTagsField() *form.Area {
	return form.NewArea("Tags", fmt.Sprintf("key=value, one per line (optional, at most %d)", ivs.MaxTags), "",
		ivs.MaxTags*(MaxTagKeyLength+MaxTagValueLength+2), checkTagsText)
}

func checkTagsText(text string) string {
	_, msg := ParseTags(text)
	return msg
}

// checkTag checks one tag.
func checkTag(k, v string) string {
	if msg := CheckTagKey(k); msg != "" {
		return msg
	}
	return CheckTagValue(k, v)
}

func CheckTagKey(k string) string {
	n := utf8.RuneCountInString(k)
	switch {
	case n == 0:
		return fmt.Sprintf("a tag key is 1 to %d characters", MaxTagKeyLength)
	case n > MaxTagKeyLength:
		return fmt.Sprintf("tag key %s is %d characters; at most %d", QuoteUntrusted(k), n, MaxTagKeyLength)
	case strings.HasPrefix(strings.ToLower(k), ivs.ReservedTagPrefix):
		return "tag keys starting with aws: are reserved for AWS"
	case !tagPattern.MatchString(k):
		return fmt.Sprintf("tag key %s: letters, digits, spaces and _ . : / = + - @ only", QuoteUntrusted(k))
	}
	return ""
}

func CheckTagValue(k, v string) string {
	if n := utf8.RuneCountInString(v); n > MaxTagValueLength {
		return fmt.Sprintf("the value of tag %s is %d characters; at most %d", QuoteUntrusted(k), n, MaxTagValueLength)
	}
	if !tagPattern.MatchString(v) {
		return fmt.Sprintf("the value of tag %s: letters, digits, spaces and _ . : / = + - @ only", QuoteUntrusted(k))
	}
	return ""
}

// CheckBucketName applies S3's bucket naming rules: 3-63 characters of
// lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit, no two dots in a row, not an IP address.
func CheckBucketName(b string) string {
	n := len(b)
	switch {
	case b == "":
		return "the S3 bucket name is required"
	case n < ivs.MinBucketNameLength || n > ivs.MaxBucketNameLength:
		return fmt.Sprintf("an S3 bucket name is 3 to 63 characters; this one is %d", utf8.RuneCountInString(b))
	case !bucketPattern.MatchString(b):
		return "an S3 bucket name holds lowercase letters, digits, dots and hyphens only"
	case !isAlnum(b[0]) || !isAlnum(b[n-1]):
		return "an S3 bucket name starts and ends with a lowercase letter or a digit"
	case strings.Contains(b, ".."):
		return "an S3 bucket name has no two dots in a row"
	case net.ParseIP(b) != nil:
		return "an S3 bucket name cannot be an IP address"
	}
	return ""
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// ParseAttributes reads key=value lines and checks the 1 KB total.
func ParseAttributes(text string) (map[string]string, string) {
	out, msg := parseKeyValues(text, "attributes")
	if msg != "" {
		return nil, msg
	}
	size := 0
	for k, v := range out {
		size += len(k) + len(v)
	}
	if size > service.MaxAttributesBytes {
		return nil, fmt.Sprintf("attributes are %d bytes; the API allows %d in total", size, service.MaxAttributesBytes)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
}
