package ivs_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service/ivs"
)

func TestExplainErrorCodeKnowsEveryCode(t *testing.T) {
	// The codes AWS documents, and every EventErrorCode of the SDK.
	codes := []string{
		"INSUFFICIENT_CAPABILITIES", "QUOTA_EXCEEDED", "PUBLISHER_NOT_FOUND", "BITRATE_EXCEEDED",
		"RESOLUTION_EXCEEDED", "STREAM_DURATION_EXCEEDED", "INVALID_AUDIO_CODEC", "INVALID_VIDEO_CODEC",
		"INVALID_PROTOCOL", "INVALID_STREAM_KEY", "REUSE_OF_STREAM_KEY", "B_FRAME_PRESENT", "INVALID_INPUT",
	}
	for _, c := range types.EventErrorCode("").Values() {
		codes = append(codes, string(c))
	}
	unknownMeaning, _ := ivs.ExplainErrorCode("NOT_A_CODE")
	for _, code := range codes {
		meaning, fix := ivs.ExplainErrorCode(code)
		if meaning == "" || fix == "" || meaning == unknownMeaning {
			t.Errorf("%s: no explanation (%q, %q)", code, meaning, fix)
		}
	}
	if len(ivs.ErrorCodes()) < 14 {
		t.Errorf("only %d codes explained", len(ivs.ErrorCodes()))
	}
	if m, f := ivs.ExplainErrorCode("NOT_A_CODE"); !strings.Contains(m, "NOT_A_CODE") || f == "" {
		t.Errorf("unknown code: %q, %q", m, f)
	}
	if m, f := ivs.ExplainErrorCode(""); m != "" || f != "" {
		t.Errorf("empty code explained: %q, %q", m, f)
	}
	if m, _ := ivs.ExplainErrorCode(" bitrate_exceeded "); !strings.Contains(m, "bitrate") {
		t.Errorf("codes are matched case-insensitively: %q", m)
	}
}

// An explanation that quotes a quota's figure says it is a quota, names it
// as the Service Quotas console does, and says whether it can be raised
// there: a default the account can raise, or a limit AWS does not adjust.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html
func TestExplanationsNameTheQuotaTheyQuote(t *testing.T) {
	for _, c := range []struct {
		code, figure string
		quotas       []string // every quota the text quotes, by its console name
		adjustable   bool     // one of them can be raised: the text says where
	}{
		{"BITRATE_EXCEEDED", "8.5 Mbps", []string{"Participant publish bitrate"}, false},
		{"RESOLUTION_EXCEEDED", "720p", []string{"Participant publish resolution"}, false},
		{"STREAM_DURATION_EXCEEDED", "24 hours", []string{"Participant publish or subscribe duration"}, false},
		{"QUOTA_EXCEEDED", "12", []string{"Stage participants (publishers)", "Stage participants (subscribers)"}, true},
	} {
		meaning, fix := ivs.ExplainErrorCode(c.code)
		text := meaning + " / " + fix
		if !strings.Contains(text, c.figure) || !strings.Contains(text, "Service Quotas") {
			t.Errorf("%s: the figure %s is not tied to Service Quotas: %q", c.code, c.figure, text)
		}
		for _, q := range c.quotas {
			if !strings.Contains(text, `"`+q+`"`) {
				t.Errorf("%s: does not name the quota %q: %q", c.code, q, text)
			}
		}
		if c.adjustable && !(strings.Contains(text, "default") && strings.Contains(text, "raise")) {
			t.Errorf("%s: an adjustable quota's figure is not said to be the default, with where to raise it: %q", c.code, text)
		}
		if !c.adjustable && !strings.Contains(text, "not adjustable") {
			t.Errorf("%s: does not say AWS does not adjust it: %q", c.code, text)
		}
	}
}
