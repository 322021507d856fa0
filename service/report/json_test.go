package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ivsdash/ivsdash/service/sanitize"
)

// The JSON export is safe to print (`cat`, `jq -r`) and exact to parse:
// C1 controls (U+009B is a CSI), DEL, bidi overrides and invisible format
// characters, even beyond the BMP, are written as \u escapes.
func TestWriteJSONEscapesWhatATerminalWouldRun(t *testing.T) {
	const hostile = "a\u009b31mb\u202ec\x7fd\u2066e\ufefff\U000e0041g\u0085h\x1b[2Ji"
	r := fixtureReport()
	r.Note = hostile
	r.Stage.Name = hostile
	r.Stage.Tags = map[string]string{hostile: hostile}
	r.Participants[0].UserID = hostile
	r.Participants[0].Attributes = map[string]string{hostile: hostile}
	data := write(t, r, "json")

	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if err := sanitize.Check(line); err != nil {
			t.Errorf("line %d of the JSON is not safe to print: %v", i+1, err)
		}
	}
	for _, esc := range []string{`\u009b`, `\u202e`, `\u007f`, `\u2066`, `\ufeff`, `\udb40\udc41`, `\u0085`} {
		if !bytes.Contains(data, []byte(esc)) {
			t.Errorf("the JSON has no %s", esc)
		}
	}

	var got struct {
		Note  string `json:"note"`
		Stage struct {
			Name string            `json:"name"`
			Tags map[string]string `json:"tags"`
		} `json:"stage"`
		Participants []struct {
			UserID     string            `json:"userId"`
			Attributes map[string]string `json:"attributes"`
		} `json:"participants"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, data)
	}
	p := got.Participants[0]
	if got.Note != hostile || got.Stage.Name != hostile || got.Stage.Tags[hostile] != hostile ||
		p.UserID != hostile || p.Attributes[hostile] != hostile {
		t.Errorf("values read back differ from what IVS returned: %+v", got)
	}
}
