package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// fuzzTargets are the paths the fuzzer posts to: every operation, the tag
// route, and the control endpoints.
func fuzzTargets() []string {
	names := OperationNames()
	sort.Strings(names)
	var paths []string
	for _, n := range names {
		paths = append(paths, "/"+n)
	}
	return append(paths,
		"/tags/"+url.PathEscape("arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"),
		"/_emulator/join", "/_emulator/publish", "/_emulator/subscribe", "/_emulator/leave",
		"/_emulator/error", "/_emulator/ingest", "/_emulator/unpublish", "/_emulator/unsubscribe")
}

// checkAWSResponse fails unless the response is a JSON object with either
// status 200 or the AWS error shape, and is no 500 (which would mean a
// recovered panic or an encoding failure).
func checkAWSResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if header(rec, "Content-Type") != "application/json" || header(rec, "x-amzn-RequestId") == "" {
		t.Fatalf("headers %v", rec.Header())
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("status %d, body is not a JSON object: %q", rec.Code, rec.Body.Bytes())
	}
	if rec.Code == http.StatusOK {
		return
	}
	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
	}
	if header(rec, "x-amzn-ErrorType") == "" {
		t.Fatalf("error without x-amzn-ErrorType: %d %s", rec.Code, rec.Body.Bytes())
	}
	if msg, ok := body["exceptionMessage"].(string); !ok || msg == "" {
		t.Fatalf("error without exceptionMessage: %s", rec.Body.Bytes())
	}
}

// header reads a recorded header case-insensitively: the emulator keeps
// AWS's spelling, which http.Header.Get would not find in a recorder.
func header(rec *httptest.ResponseRecorder, name string) string {
	for k, v := range rec.Header() {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func FuzzDecode(f *testing.F) {
	e, err := New(Options{NoThrottle: true, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = e.Close() })
	stage := "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"
	seeds := []string{
		``, `{}`, `null`, `[]`, `"x"`, `{"arn":"` + stage + `"}`, `{"arn":5}`, `{"name":"ok","tags":{"a":"b"}}`,
		`{"participantTokenConfigurations":[{"duration":1,"capabilities":["PUBLISH"]}]}`,
		`{"stageArn":"` + stage + `","destinations":[{"s3":{"encoderConfigurationArns":[],"storageConfigurationArn":""}}],"layout":{"grid":{},"pip":{}}}`,
		`{"maxResults":101,"nextToken":"AAAA"}`, `{"video":{"width":1e400}}`, `{"a":{"b":{"c":[[[[{}]]]]}}}`,
		`{"token":"a.b.c"}`, `{"streamKey":"rt_1_us-east-1_x_y","protocol":"RTMP"}`, "{\"name\":\"\xff\xfe\"}",
	}
	targets := fuzzTargets()
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, target uint8, body []byte) {
		path := targets[int(target)%len(targets)]
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			req := httptest.NewRequest(method, path, bytes.NewReader(body))
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			checkAWSResponse(t, rec)
		}
	})
}

// TestDecodeTypes covers the decoder's rules without HTTP.
func TestDecodeTypes(t *testing.T) {
	type inner struct {
		N *int32 `json:"n"`
	}
	type in struct {
		S    *string           `json:"s"`
		B    *bool             `json:"b"`
		I    *int32            `json:"i"`
		F    *float32          `json:"f"`
		L    []string          `json:"l"`
		M    map[string]string `json:"m"`
		Sub  *inner            `json:"sub"`
		Subs []inner           `json:"subs"`
	}
	var v in
	noErr(t, decodeJSON([]byte(`{"s":"x","b":true,"i":-5,"f":29.97,"l":["a"],"m":{"k":"v"},"sub":{"n":3},"subs":[{"n":1},{}],"S":"ignored"}`), &v))
	if *v.S != "x" || !*v.B || *v.I != -5 || *v.F != float32(29.97) || v.L[0] != "a" || v.M["k"] != "v" || *v.Sub.N != 3 || len(v.Subs) != 2 || v.Subs[1].N != nil {
		t.Fatalf("decoded %+v", v)
	}
	var empty in
	noErr(t, decodeJSON([]byte(`{"m":{},"l":[]}`), &empty))
	if empty.M == nil || empty.L == nil || empty.S != nil {
		t.Fatal("present empty containers are not nil; absent members are")
	}
	for body, fragment := range map[string]string{
		`{"s":1}`:              "'s'",
		`{"i":"1"}`:            "'i'",
		`{"i":2147483648}`:     "'i'",
		`{"i":1.0e1}`:          "'i'",
		`{"f":"x"}`:            "'f'",
		`{"l":"a"}`:            "'l'",
		`{"l":[1]}`:            "l.1.member",
		`{"m":{"k":1}}`:        "m.k",
		`{"m":{"k":null}}`:     "m.k",
		`{"sub":{"n":true}}`:   "sub.n",
		`{"subs":[{"n":"x"}]}`: "subs.1.member.n",
		`{"b":"true"}`:         "'b'",
		`{} {}`:                "after the JSON object",
		`{"s":"x"`:             "Malformed",
		`[1]`:                  "JSON object",
		"{\"s\":\"\x00\"}":     "Malformed",
		`{"f":1e39}`:           "'f'",
		`{"sub":[]}`:           "'sub'",
		`{"subs":{"0":{}}}`:    "'subs'",
		`{"l":[null]}`:         "l.1.member",
		`{"m":[]}`:             "'m'",
		`{"i":-2147483649}`:    "'i'",
		`{"s":"x"} garbage`:    "after the JSON object",
		`{"s":"x"}` + "\n\t ":  "",
	} {
		var x in
		err := decodeJSON([]byte(body), &x)
		if fragment == "" {
			noErr(t, err)
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != CodeValidation || !bytes.Contains([]byte(e.Message), []byte(fragment)) {
			t.Errorf("decode %q: %v, want a ValidationException mentioning %q", body, err, fragment)
		}
	}
}
