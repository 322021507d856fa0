package emulator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Patterns of the ivs-realtime service model, from the catalogue. The model
// states them unanchored; AWS matches them against the whole value, so they
// are anchored here and the message quotes the model's text.
var (
	namePattern      = modelPattern(ivs.NamePattern)
	participantIDPat = modelPattern(ivs.ParticipantIDPattern)
	// DisconnectParticipant's participantId alone also allows '_'.
	disconnectIDPat     = modelPattern(ivs.DisconnectParticipantIDPattern)
	sessionIDPattern    = modelPattern(ivs.SessionIDPattern)
	nextTokenPattern    = modelPattern(ivs.NextTokenPattern)
	bucketPattern       = modelPattern(ivs.BucketNamePattern)
	idempotencyPattern  = modelPattern(ivs.IdempotencyTokenPattern)
	publicKeyPEMPattern = modelPattern(ivs.PublicKeyPEMPattern)
	tagPattern          = modelPattern(ivs.TagPattern)
	// arnShape takes an ARN apart: region, account, kind and id, which the
	// emulator checks against its own region and account.
	arnShape = regexp.MustCompile(`^arn:aws:ivs:([a-z0-9-]+):([0-9]+):([a-z-]+)/(` + ivs.ResourceIDPattern + `)$`)
)

type pattern struct {
	re   *regexp.Regexp
	text string
}

func modelPattern(p string) pattern {
	text := strings.TrimPrefix(p, "(?s)")
	return pattern{re: regexp.MustCompile("^(?:" + p + ")$"), text: text}
}

// Resource types as they appear in ARNs.
const (
	kindStage       = ivs.KindStage
	kindComposition = ivs.KindComposition
	kindEncoder     = ivs.KindEncoder
	kindStorage     = ivs.KindStorage
	kindIngest      = ivs.KindIngest
	kindPublicKey   = ivs.KindPublicKey
	kindChannel     = ivs.KindChannel
)

// validator collects constraint violations the way AWS reports them:
// "2 validation errors detected: Value 'x' at 'name' failed to satisfy
// constraint: Member must ...; Value null at 'stageArn' ...".
type validator struct {
	errs []string
	// region and account that ARNs must name.
	region, account string
}

func (v *validator) fail(field, value string, constraint string) {
	v.errs = append(v.errs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", shown(value), field, constraint))
}

// failHidden reports a violation without echoing the value (maps, secrets,
// opaque tokens).
func (v *validator) failHidden(field, constraint string) {
	v.errs = append(v.errs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: %s", field, constraint))
}

func (v *validator) failf(format string, a ...any) {
	v.errs = append(v.errs, fmt.Sprintf(format, a...))
}

// err returns nil when every check passed.
func (v *validator) err() error {
	switch len(v.errs) {
	case 0:
		return nil
	case 1:
		return validationError("1 validation error detected: %s", v.errs[0])
	default:
		return validationError("%d validation errors detected: %s", len(v.errs), strings.Join(v.errs, "; "))
	}
}

// shown keeps echoed values short; participants choose some of them.
func shown(s string) string {
	if utf8.RuneCountInString(s) <= 200 {
		return s
	}
	r := []rune(s)
	return string(r[:200]) + "..."
}

// required reports a missing required member. present is false for nil.
func (v *validator) required(field string, present bool) bool {
	if !present {
		v.errs = append(v.errs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", field))
	}
	return present
}

// str checks length bounds (in characters, as AWS counts) and a pattern.
func (v *validator) str(field, s string, minLen, maxLen int, p *pattern) bool {
	n := utf8.RuneCountInString(s)
	ok := true
	if maxLen >= 0 && n > maxLen {
		v.fail(field, s, fmt.Sprintf("Member must have length less than or equal to %d", maxLen))
		ok = false
	}
	if n < minLen {
		v.fail(field, s, fmt.Sprintf("Member must have length greater than or equal to %d", minLen))
		ok = false
	}
	if ok && p != nil && !p.re.MatchString(s) {
		v.fail(field, s, "Member must satisfy regular expression pattern: "+p.text)
		ok = false
	}
	return ok
}

func (v *validator) optStr(field string, s *string, minLen, maxLen int, p *pattern) {
	if s != nil {
		v.str(field, *s, minLen, maxLen, p)
	}
}

func (v *validator) intRange(field string, n, minV, maxV int64) bool {
	if n < minV {
		v.fail(field, fmt.Sprint(n), fmt.Sprintf("Member must have value greater than or equal to %d", minV))
		return false
	}
	if n > maxV {
		v.fail(field, fmt.Sprint(n), fmt.Sprintf("Member must have value less than or equal to %d", maxV))
		return false
	}
	return true
}

func (v *validator) optInt(field string, n *int32, minV, maxV int64) {
	if n != nil {
		v.intRange(field, int64(*n), minV, maxV)
	}
}

func (v *validator) enum(field, s string, allowed ...string) bool {
	if slices.Contains(allowed, s) {
		return true
	}
	v.fail(field, s, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
	return false
}

func (v *validator) optEnum(field string, s *string, allowed ...string) {
	if s != nil {
		v.enum(field, *s, allowed...)
	}
}

func (v *validator) listLen(field string, n, minLen, maxLen int) bool {
	if n > maxLen {
		v.failHidden(field, fmt.Sprintf("Member must have length less than or equal to %d", maxLen))
		return false
	}
	if n < minLen {
		v.failHidden(field, fmt.Sprintf("Member must have length greater than or equal to %d", minLen))
		return false
	}
	return true
}

// enumList checks a list of enum members, its length, and that no member
// repeats.
func (v *validator) enumList(field string, list []string, maxLen int, allowed ...string) {
	if !v.listLen(field, len(list), 0, maxLen) {
		return
	}
	seen := map[string]bool{}
	for i, s := range list {
		v.enum(fmt.Sprintf("%s.%d.member", field, i+1), s, allowed...)
		if seen[s] {
			v.fail(field, s, "Member must not contain duplicate values")
		}
		seen[s] = true
	}
}

// attributes enforces the 1 KB limit on keys and values together.
func (v *validator) attributes(field string, attrs map[string]string) {
	total := 0
	for k, val := range attrs {
		total += len(k) + len(val)
	}
	if total > ivs.MaxAttributesBytes {
		v.failHidden(field, fmt.Sprintf("Member must have a total size (keys and values) less than or equal to %d bytes, got %d", ivs.MaxAttributesBytes, total))
	}
}

// tags enforces AWS tagging rules: at most 50, key 1-128, value 0-256,
// allowed characters, and no reserved "aws:" prefix.
func (v *validator) tags(field string, tags map[string]string) {
	if len(tags) > ivs.MaxTags {
		v.failHidden(field, fmt.Sprintf("Member must have length less than or equal to %d", ivs.MaxTags))
		return
	}
	for _, k := range sortedKeys(tags) {
		val := tags[k]
		switch n := utf8.RuneCountInString(k); {
		case n < 1:
			v.fail(field, k, "Map keys must have length greater than or equal to 1")
		case n > ivs.MaxTagKeyLength:
			v.fail(field, k, fmt.Sprintf("Map keys must have length less than or equal to %d", ivs.MaxTagKeyLength))
		case !tagPattern.re.MatchString(k):
			v.fail(field, k, "Map keys must satisfy regular expression pattern: "+tagPattern.text)
		case strings.HasPrefix(strings.ToLower(k), ivs.ReservedTagPrefix):
			v.fail(field, k, "Map keys must not begin with the reserved prefix "+ivs.ReservedTagPrefix)
		}
		switch {
		case utf8.RuneCountInString(val) > ivs.MaxTagValueLength:
			v.fail(field+"."+k, val, fmt.Sprintf("Member must have length less than or equal to %d", ivs.MaxTagValueLength))
		case !tagPattern.re.MatchString(val):
			v.fail(field+"."+k, val, "Member must satisfy regular expression pattern: "+tagPattern.text)
		}
	}
}

// maxResults checks the page size against 1..most and returns it, or def
// when absent.
func (v *validator) maxResults(n *int32, def, most int) int {
	if n == nil {
		return def
	}
	if !v.intRange("maxResults", int64(*n), 1, int64(most)) {
		return def
	}
	return int(*n)
}

// arn checks an ARN of the given resource type against the model pattern,
// then that it names this emulator's region and account. It returns the
// resource id, or "" after recording a violation.
func (v *validator) arn(field, s, kind string) string {
	if !v.str(field, s, 1, ivs.MaxARNLength, nil) {
		return ""
	}
	m := arnShape.FindStringSubmatch(s)
	if m == nil || (kind != "" && m[3] != kind) {
		k := kind
		if k == "" {
			k = "[a-z-]+"
		}
		v.fail(field, s, "Member must satisfy regular expression pattern: arn:aws:ivs:[a-z0-9-]+:[0-9]+:"+k+"/[a-zA-Z0-9-]+")
		return ""
	}
	if m[1] != v.region {
		v.fail(field, s, fmt.Sprintf("Member must be an ARN in region %s (the region of this request), not %s", v.region, m[1]))
		return ""
	}
	if m[2] != v.account {
		v.fail(field, s, fmt.Sprintf("Member must be an ARN of account %s (the caller's account), not %s", v.account, m[2]))
		return ""
	}
	return m[4]
}

// reqARN checks a required ARN member.
func (v *validator) reqARN(field string, s *string, kind string) string {
	if !v.required(field, s != nil) {
		return ""
	}
	return v.arn(field, *s, kind)
}

// participantID checks a participant id against p: participantIDPat, or
// disconnectIDPat for DisconnectParticipant.
func (v *validator) participantID(field string, s *string, p *pattern) {
	if v.required(field, s != nil) {
		v.str(field, *s, 0, ivs.MaxParticipantIDLength, p)
	}
}

func (v *validator) sessionID(field string, s *string) {
	if v.required(field, s != nil) {
		v.str(field, *s, ivs.SessionIDLength, ivs.SessionIDLength, &sessionIDPattern)
	}
}

func (v *validator) name(field string, s *string) {
	v.optStr(field, s, 0, ivs.MaxNameLength, &namePattern)
}

// The emulator's own bounds, which keep its memory in check: a stage keeps
// its last 100 ended sessions and its last 1,000 stopped replications, a
// participant its last 1,000 events.
const (
	maxReplicationHistory   = 1000
	maxEndedSessions        = 100
	maxEventsPerParticipant = 1000
)
