package model

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
	maxNameLength     = ivs.MaxNameLength
	maxTagKeyLength   = ivs.MaxTagKeyLength
	maxTagValueLength = ivs.MaxTagValueLength
)

var (
	// Stage and resource names: 0-128 of [a-zA-Z0-9-_].
	namePattern = ivs.Anchored(ivs.NamePattern)
	// Tag keys and values: the characters AWS tagging allows everywhere.
	tagPattern = ivs.Anchored(ivs.TagPattern)
	// S3 bucket names: lowercase letters, digits, dots and hyphens.
	bucketPattern = ivs.Anchored(ivs.BucketNamePattern)
)

// checkName checks a resource name (optional).
func checkName(v string) string {
	if n := utf8.RuneCountInString(v); n > maxNameLength {
		return fmt.Sprintf("the name is %d characters; at most %d", n, maxNameLength)
	}
	if !namePattern.MatchString(v) {
		return "a name may hold letters, digits, - and _ only (no spaces)"
	}
	return ""
}

// checkUserID checks a user id: any text up to 128 characters.
func checkUserID(v string) string {
	if n := utf8.RuneCountInString(v); n > service.MaxUserIDLength {
		return fmt.Sprintf("the user id is %d characters; the API allows at most %d", n, service.MaxUserIDLength)
	}
	return ""
}

// checkAttributes checks key=value attribute lines and their 1 KB total.
func checkAttributes(text string) string {
	_, msg := parseAttributes(text)
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
			return nil, fmt.Sprintf("line %d: %s is given twice", i+1, quoteUntrusted(k))
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, ""
}

// parseTags reads key=value tag lines and checks AWS's tagging rules: at
// most 50 tags, keys 1-128 and values 0-256 characters of the allowed set,
// and no key starting with the reserved "aws:".
func parseTags(text string) (map[string]string, string) {
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

// newTagsField is the optional tags field of the create forms.
func newTagsField() *form.Area {
	return form.NewArea("Tags", fmt.Sprintf("key=value, one per line (optional, at most %d)", ivs.MaxTags), "",
		ivs.MaxTags*(maxTagKeyLength+maxTagValueLength+2), checkTagsText)
}

func checkTagsText(text string) string {
	_, msg := parseTags(text)
	return msg
}

// checkTag checks one tag.
func checkTag(k, v string) string {
	if msg := checkTagKey(k); msg != "" {
		return msg
	}
	return checkTagValue(k, v)
}

func checkTagKey(k string) string {
	n := utf8.RuneCountInString(k)
	switch {
	case n == 0:
		return fmt.Sprintf("a tag key is 1 to %d characters", maxTagKeyLength)
	case n > maxTagKeyLength:
		return fmt.Sprintf("tag key %s is %d characters; at most %d", quoteUntrusted(k), n, maxTagKeyLength)
	case strings.HasPrefix(strings.ToLower(k), ivs.ReservedTagPrefix):
		return "tag keys starting with aws: are reserved for AWS"
	case !tagPattern.MatchString(k):
		return fmt.Sprintf("tag key %s: letters, digits, spaces and _ . : / = + - @ only", quoteUntrusted(k))
	}
	return ""
}

func checkTagValue(k, v string) string {
	if n := utf8.RuneCountInString(v); n > maxTagValueLength {
		return fmt.Sprintf("the value of tag %s is %d characters; at most %d", quoteUntrusted(k), n, maxTagValueLength)
	}
	if !tagPattern.MatchString(v) {
		return fmt.Sprintf("the value of tag %s: letters, digits, spaces and _ . : / = + - @ only", quoteUntrusted(k))
	}
	return ""
}

// checkBucketName applies S3's bucket naming rules: 3-63 characters of
// lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit, no two dots in a row, not an IP address.
func checkBucketName(b string) string {
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

// parseAttributes reads key=value lines and checks the 1 KB total.
func parseAttributes(text string) (map[string]string, string) {
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
