package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportCommand(t *testing.T) {
	env := newCLIEnv(t)
	// JSON on stdout, for the live session by default.
	code, out, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Session struct {
			ID string `json:"sessionId"`
		} `json:"session"`
		Participants []struct {
			UserID string `json:"userId"`
		} `json:"participants"`
		ErrorsByCode map[string]struct {
			Count int `json:"count"`
		} `json:"errorsByCode"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JSON export does not parse: %v\n%s", err, out)
	}
	if rep.Session.ID != env.sess || len(rep.Participants) != 1 || rep.Participants[0].UserID != "bob" || rep.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Count != 1 {
		t.Fatalf("JSON export: %+v", rep)
	}

	// CSV to a file; a second run refuses to overwrite it.
	path := filepath.Join(t.TempDir(), "incident.csv")
	code, out, errOut = env.run(t, "export", "--stage", env.stage.ARN, "--session", env.sess, "--format", "csv", "--out", path)
	if code != 0 || out != "" || !strings.Contains(errOut, "wrote "+path) {
		t.Fatalf("--out: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("CSV export does not parse: %v", err)
	}
	found := false
	for _, r := range rows[1:] {
		found = found || r[0] == "bob" && r[1] == env.bob && r[5] == "INSUFFICIENT_CAPABILITIES"
	}
	if !found {
		t.Fatalf("no CSV row for bob's error: %v", rows)
	}
	before, _ := os.ReadFile(path)
	if code, _, errOut := env.run(t, "export", "--stage", env.stage.ARN, "--format", "csv", "--out", path); code != 1 || !strings.Contains(errOut, "never overwrites") {
		t.Fatalf("overwrite: exit %d, %q", code, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the existing export was changed")
	}

	// Markdown is the default.
	code, out, _ = env.run(t, "export", "--stage", env.stage.ARN)
	if code != 0 || !strings.HasPrefix(out, "# IVS incident report") {
		t.Fatalf("Markdown export: exit %d\n%s", code, out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export"}, 2, "--stage is required"},
		{[]string{"export", "--stage", env.stage.ARN, "--format", "xml"}, 2, "choose md, json or csv"},
		{[]string{"export", "--stage", env.stage.ARN, "--session", "st-NoSuchSession1"}, 1, "ivsdash export:"},
	} {
		code, out, errOut := env.run(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errOut)
		}
	}
}
