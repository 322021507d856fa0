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
