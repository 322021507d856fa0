package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

var (
	uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	isoRe  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

func jsonEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("body\n got %s\nwant %s", got, want)
	}
}

func TestWireSuccessShape(t *testing.T) {
	v := startFast(t)
	r := v.raw(http.MethodPost, "/CreateStage", `{}`)
	equal(t, "status", r.status, 200)
	if !uuidRe.MatchString(r.header.Get("X-Amzn-Requestid")) {
		t.Fatalf("x-amzn-RequestId %q is not a UUID", r.header.Get("X-Amzn-Requestid"))
	}
	equal(t, "Content-Type", r.header.Get("Content-Type"), "application/json")
	var created struct {
		Stage struct {
			Arn       string
			Endpoints map[string]string
		}
	}
	noErr(t, json.Unmarshal(r.body, &created))
	ep := created.Stage.Endpoints
	// A stage created without a name: name and activeSessionId are absent
	// (not null, not ""), tags and participantTokens are empty, not null.
	want := `{"stage":{"arn":"` + created.Stage.Arn + `","tags":{},
		"autoParticipantRecordingConfiguration":{"storageConfigurationArn":"","mediaTypes":["AUDIO_VIDEO"],
			"thumbnailConfiguration":{"targetIntervalSeconds":60,"storage":["SEQUENTIAL"],"recordingMode":"DISABLED"},
			"recordingReconnectWindowSeconds":0,"hlsConfiguration":{"targetSegmentDurationSeconds":6},"recordParticipantReplicas":true},
		"endpoints":{"events":"wss://global.events.live-video.net","whip":"` + ep["whip"] + `","rtmp":"` + ep["rtmp"] + `","rtmps":"` + ep["rtmps"] + `"}},
		"participantTokens":[]}`
	jsonEqual(t, r.body, want)

	g := v.post("/GetStage", map[string]string{"arn": created.Stage.Arn})
	equal(t, "GetStage status", g.status, 200)
	jsonEqual(t, g.body, strings.Replace(strings.Replace(want, `,
		"participantTokens":[]`, "", 1), "", "", 1))

	l := v.raw(http.MethodPost, "/ListStages", ``)
	jsonEqual(t, l.body, `{"stages":[{"arn":"`+created.Stage.Arn+`","tags":{}}]}`)

	other := v.raw(http.MethodPost, "/ListCompositions", `{"filterByStageArn":"`+created.Stage.Arn+`"}`)
	jsonEqual(t, other.body, `{"compositions":[]}`)

	tok := v.post("/CreateParticipantToken", map[string]any{"stageArn": created.Stage.Arn})
	pt := tok.json(t)["participantToken"].(map[string]any)
	if !isoRe.MatchString(pt["expirationTime"].(string)) {
		t.Fatalf("expirationTime %q is not ISO 8601 with milliseconds", pt["expirationTime"])
	}
	if _, ok := pt["userId"]; ok {
		t.Fatal("userId was not given and must be absent")
	}
}

func TestWireErrors(t *testing.T) {
	v := startFast(t)
	missing := "arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh"
	cases := []struct {
		name, method, path, body string
		status                   int
		code, fragment           string
	}{
		{"not found", "POST", "/GetStage", `{"arn":"` + missing + `"}`, 404, "ResourceNotFoundException", "Resource: " + missing + " not found"},
		{"unknown operation", "POST", "/DescribeStage", `{}`, 404, "UnknownOperationException", "DescribeStage"},
		{"root path", "GET", "/", ``, 404, "UnknownOperationException", ""},
		{"wrong method", "GET", "/GetStage", ``, 405, "MethodNotAllowedException", "POST"},
		{"malformed JSON", "POST", "/GetStage", `{"arn":`, 400, "ValidationException", "Malformed request body"},
		{"invalid JSON", "POST", "/GetStage", `{arn: 1}`, 400, "ValidationException", "invalid JSON"},
		{"trailing garbage", "POST", "/GetStage", `{"arn":"` + missing + `"} xyz`, 400, "ValidationException", "after the JSON object"},
		{"two objects", "POST", "/ListStages", `{}{}`, 400, "ValidationException", "after the JSON object"},
		{"array body", "POST", "/ListStages", `[]`, 400, "ValidationException", "expected a JSON object"},
		{"wrong type", "POST", "/GetStage", `{"arn":5}`, 400, "ValidationException", "at 'arn' failed to satisfy constraint: Member must be a string, not a number"},
		{"nested wrong type", "POST", "/CreateStage", `{"participantTokenConfigurations":[{"duration":"long"}]}`, 400, "ValidationException", "participantTokenConfigurations.1.member.duration"},
		{"fraction for integer", "POST", "/ListStages", `{"maxResults":1.5}`, 400, "ValidationException", "maxResults"},
		{"integer overflow", "POST", "/ListStages", `{"maxResults":99999999999}`, 400, "ValidationException", "maxResults"},
		{"maxResults 0", "POST", "/ListStages", `{"maxResults":0}`, 400, "ValidationException", "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"maxResults 101", "POST", "/ListStages", `{"maxResults":101}`, 400, "ValidationException", "less than or equal to 100"},
		{"null required member", "POST", "/GetStage", `{"arn":null}`, 400, "ValidationException", "Value null at 'arn' failed to satisfy constraint: Member must not be null"},
		{"member names are case-sensitive", "POST", "/GetStage", `{"Arn":"` + missing + `"}`, 400, "ValidationException", "Value null at 'arn'"},
		{"null in a list", "POST", "/CreateParticipantToken", `{"stageArn":"` + missing + `","capabilities":[null]}`, 400, "ValidationException", "capabilities.1.member"},
		{"tags wrong method", "PUT", "/tags/" + url.PathEscape(missing), `{}`, 405, "MethodNotAllowedException", ""},
		{"tags unknown resource", "GET", "/tags/" + url.PathEscape(missing), ``, 404, "ResourceNotFoundException", missing},
		{"tags bad ARN", "GET", "/tags/nope", ``, 400, "ValidationException", "resourceArn"},
		{"tags no ARN", "GET", "/tags/", ``, 400, "ValidationException", "Value null at 'resourceArn'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := v.raw(c.method, c.path, c.body)
			msg := wantRawError(t, r, c.status, c.code)
			if !strings.Contains(msg, c.fragment) {
				t.Fatalf("exceptionMessage %q does not contain %q", msg, c.fragment)
			}
			if !uuidRe.MatchString(r.header.Get("X-Amzn-Requestid")) {
				t.Fatal("error responses carry x-amzn-RequestId too")
			}
		})
	}
	t.Run("exact error body", func(t *testing.T) {
		r := v.raw("POST", "/GetStage", `{"arn":"`+missing+`"}`)
		jsonEqual(t, r.body, `{"exceptionMessage":"Resource: `+missing+` not found"}`)
	})
	t.Run("undeclared error type carries message for the SDK", func(t *testing.T) {
		// No operation declares UnknownOperationException.
		r := v.raw("POST", "/NoSuchOperation", `{}`)
		m := r.json(t)
		if m["message"] != m["exceptionMessage"] || m["message"] == nil {
			t.Fatalf("body %s", r.body)
		}
	})
	t.Run("body over 1 MiB", func(t *testing.T) {
		big := `{"name":"` + strings.Repeat("a", maxBodyBytes) + `"}`
		r := v.raw("POST", "/CreateStage", big)
		wantRawError(t, r, 400, "ValidationException")
	})
	t.Run("empty body is an empty object", func(t *testing.T) {
		r := v.raw("POST", "/ListStages", "")
		equal(t, "status", r.status, 200)
	})
	t.Run("unknown members are ignored", func(t *testing.T) {
		r := v.raw("POST", "/ListStages", `{"someNewField":{"x":[1,2]},"maxResults":5}`)
		equal(t, "status", r.status, 200)
	})
}

func TestWireTagRoutes(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("tagged").Arn)
	esc := "/tags/" + url.PathEscape(arn)
	r := v.raw("POST", esc, `{"tags":{"a":"1","b":"2","c":"3"}}`)
	equal(t, "tag status", r.status, 200)
	jsonEqual(t, r.body, `{}`)
	r = v.raw("DELETE", esc+"?tagKeys=a&tagKeys=c", ``)
	equal(t, "untag status", r.status, 200)
	r = v.raw("GET", esc, ``)
	jsonEqual(t, r.body, `{"tags":{"b":"2"}}`)
	// An unescaped ARN in the path is understood too.
	r = v.raw("GET", "/tags/"+arn, ``)
	jsonEqual(t, r.body, `{"tags":{"b":"2"}}`)
	r = v.raw("DELETE", esc, ``)
	wantRawError(t, r, 400, "ValidationException")
	r = v.raw("POST", esc, `{}`)
	wantRawError(t, r, 400, "ValidationException")
}

func TestThrottling(t *testing.T) {
	v := start(t, Options{})                      // AWS quotas on, fake clock frozen: no refill
	arn := aws.ToString(v.stage("throttled").Arn) // 1 CreateStage call
	for i := range 5 {
		if _, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(arn)}); err != nil {
			t.Fatalf("GetStage %d within quota: %v", i+1, err)
		}
	}
	_, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(arn)})
	wantCode(t, err, "ThrottlingException", "Rate exceeded")
	raw := v.post("/GetStage", map[string]string{"arn": arn})
	equal(t, "status", raw.status, 429)
	equal(t, "error type", raw.header.Get("X-Amzn-Errortype"), "ThrottlingException")
	jsonEqual(t, raw.body, `{"exceptionMessage":"Rate exceeded","message":"Rate exceeded"}`)

	// Quotas are per operation: ListStages has its own bucket.
	if _, err := v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{}); err != nil {
		t.Fatalf("ListStages: %v", err)
	}
	// CreateParticipantToken allows 50 per second.
	for i := range 50 {
		if _, err := v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(arn)}); err != nil {
			t.Fatalf("token %d within quota: %v", i+1, err)
		}
	}
	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(arn)})
	wantCode(t, err, "ThrottlingException", "")
	// Public key operations allow 3.
	for range 3 {
		_, _ = v.c.ListPublicKeys(v.ctx, &ivsrealtime.ListPublicKeysInput{})
	}
	_, err = v.c.ListPublicKeys(v.ctx, &ivsrealtime.ListPublicKeysInput{})
	wantCode(t, err, "ThrottlingException", "")
	// Tag operations allow 10.
	for range 10 {
		_, _ = v.c.ListTagsForResource(v.ctx, &ivsrealtime.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	}
	_, err = v.c.ListTagsForResource(v.ctx, &ivsrealtime.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	wantCode(t, err, "ThrottlingException", "")

	v.clock.Advance(time.Second)
	if _, err := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: aws.String(arn)}); err != nil {
		t.Fatalf("after a second the bucket refills: %v", err)
	}
	if n := v.e.Operations()["GetStage"]; n != 8 {
		t.Fatalf("Operations counts every GetStage call received: %d, want 8", n)
	}
}

func TestOperationsEndpoint(t *testing.T) {
	v := startFast(t)
	v.stage("x")
	r := v.raw("GET", "/_emulator/operations", "")
	equal(t, "status", r.status, 200)
	var out struct {
		Operations map[string]int
		Names      []string
	}
	noErr(t, json.Unmarshal(r.body, &out))
	equal(t, "CreateStage count", out.Operations["CreateStage"], 1)
	equal(t, "operation names", len(out.Names), 39)
	wantRawError(t, v.raw("POST", "/_emulator/operations", ""), 405, "MethodNotAllowedException")
	wantRawError(t, v.raw("POST", "/_emulator/nothing", "{}"), 404, "UnknownOperationException")
}

// TestEveryOperationIsRouted calls each of the SDK's 39 operations with
// an empty input: each must reach the emulator and come back as a typed
// AWS answer (success or a declared error), never an unknown operation.
func TestEveryOperationIsRouted(t *testing.T) {
	v := startFast(t)
	arn := aws.String("arn:aws:ivs:us-east-1:123456789012:stage/abcdABCDefgh")
	calls := map[string]func() error{
		"CreateEncoderConfiguration": func() error {
			_, e := v.c.CreateEncoderConfiguration(v.ctx, &ivsrealtime.CreateEncoderConfigurationInput{})
			return e
		},
		"CreateIngestConfiguration": func() error {
			_, e := v.c.CreateIngestConfiguration(v.ctx, &ivsrealtime.CreateIngestConfigurationInput{IngestProtocol: "RTMPS"})
			return e
		},
		"CreateParticipantToken": func() error {
			_, e := v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: arn})
			return e
		},
		"CreateStage": func() error { _, e := v.c.CreateStage(v.ctx, &ivsrealtime.CreateStageInput{}); return e },
		"CreateStorageConfiguration": func() error {
			_, e := v.c.CreateStorageConfiguration(v.ctx, &ivsrealtime.CreateStorageConfigurationInput{S3: &types.S3StorageConfiguration{BucketName: aws.String("abc")}})
			return e
		},
		"DeleteEncoderConfiguration": func() error {
			_, e := v.c.DeleteEncoderConfiguration(v.ctx, &ivsrealtime.DeleteEncoderConfigurationInput{Arn: arn})
			return e
		},
		"DeleteIngestConfiguration": func() error {
			_, e := v.c.DeleteIngestConfiguration(v.ctx, &ivsrealtime.DeleteIngestConfigurationInput{Arn: arn})
			return e
		},
		"DeletePublicKey": func() error {
			_, e := v.c.DeletePublicKey(v.ctx, &ivsrealtime.DeletePublicKeyInput{Arn: arn})
			return e
		},
		"DeleteStage": func() error { _, e := v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: arn}); return e },
		"DeleteStorageConfiguration": func() error {
			_, e := v.c.DeleteStorageConfiguration(v.ctx, &ivsrealtime.DeleteStorageConfigurationInput{Arn: arn})
			return e
		},
		"DisconnectParticipant": func() error {
			_, e := v.c.DisconnectParticipant(v.ctx, &ivsrealtime.DisconnectParticipantInput{StageArn: arn, ParticipantId: aws.String("p")})
			return e
		},
		"GetComposition": func() error { _, e := v.c.GetComposition(v.ctx, &ivsrealtime.GetCompositionInput{Arn: arn}); return e },
		"GetEncoderConfiguration": func() error {
			_, e := v.c.GetEncoderConfiguration(v.ctx, &ivsrealtime.GetEncoderConfigurationInput{Arn: arn})
			return e
		},
		"GetIngestConfiguration": func() error {
			_, e := v.c.GetIngestConfiguration(v.ctx, &ivsrealtime.GetIngestConfigurationInput{Arn: arn})
			return e
		},
		"GetParticipant": func() error {
			_, e := v.c.GetParticipant(v.ctx, &ivsrealtime.GetParticipantInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm"), ParticipantId: aws.String("p")})
			return e
		},
		"GetPublicKey": func() error { _, e := v.c.GetPublicKey(v.ctx, &ivsrealtime.GetPublicKeyInput{Arn: arn}); return e },
		"GetStage":     func() error { _, e := v.c.GetStage(v.ctx, &ivsrealtime.GetStageInput{Arn: arn}); return e },
		"GetStageSession": func() error {
			_, e := v.c.GetStageSession(v.ctx, &ivsrealtime.GetStageSessionInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm")})
			return e
		},
		"GetStorageConfiguration": func() error {
			_, e := v.c.GetStorageConfiguration(v.ctx, &ivsrealtime.GetStorageConfigurationInput{Arn: arn})
			return e
		},
		"ImportPublicKey": func() error {
			_, e := v.c.ImportPublicKey(v.ctx, &ivsrealtime.ImportPublicKeyInput{PublicKeyMaterial: aws.String("x")})
			return e
		},
		"ListCompositions": func() error { _, e := v.c.ListCompositions(v.ctx, &ivsrealtime.ListCompositionsInput{}); return e },
		"ListEncoderConfigurations": func() error {
			_, e := v.c.ListEncoderConfigurations(v.ctx, &ivsrealtime.ListEncoderConfigurationsInput{})
			return e
		},
		"ListIngestConfigurations": func() error {
			_, e := v.c.ListIngestConfigurations(v.ctx, &ivsrealtime.ListIngestConfigurationsInput{})
			return e
		},
		"ListParticipantEvents": func() error {
			_, e := v.c.ListParticipantEvents(v.ctx, &ivsrealtime.ListParticipantEventsInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm"), ParticipantId: aws.String("p")})
			return e
		},
		"ListParticipantReplicas": func() error {
			_, e := v.c.ListParticipantReplicas(v.ctx, &ivsrealtime.ListParticipantReplicasInput{SourceStageArn: arn, ParticipantId: aws.String("p")})
			return e
		},
		"ListParticipants": func() error {
			_, e := v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{StageArn: arn, SessionId: aws.String("st-abcdefghijklm")})
			return e
		},
		"ListPublicKeys": func() error { _, e := v.c.ListPublicKeys(v.ctx, &ivsrealtime.ListPublicKeysInput{}); return e },
		"ListStageSessions": func() error {
			_, e := v.c.ListStageSessions(v.ctx, &ivsrealtime.ListStageSessionsInput{StageArn: arn})
			return e
		},
		"ListStages": func() error { _, e := v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{}); return e },
		"ListStorageConfigurations": func() error {
			_, e := v.c.ListStorageConfigurations(v.ctx, &ivsrealtime.ListStorageConfigurationsInput{})
			return e
		},
		"ListTagsForResource": func() error {
			_, e := v.c.ListTagsForResource(v.ctx, &ivsrealtime.ListTagsForResourceInput{ResourceArn: arn})
			return e
		},
		"StartComposition": func() error {
			_, e := v.c.StartComposition(v.ctx, &ivsrealtime.StartCompositionInput{StageArn: arn, Destinations: []types.DestinationConfiguration{}})
			return e
		},
		"StartParticipantReplication": func() error {
			_, e := v.c.StartParticipantReplication(v.ctx, &ivsrealtime.StartParticipantReplicationInput{SourceStageArn: arn, DestinationStageArn: arn, ParticipantId: aws.String("p")})
			return e
		},
		"StopComposition": func() error {
			_, e := v.c.StopComposition(v.ctx, &ivsrealtime.StopCompositionInput{Arn: arn})
			return e
		},
		"StopParticipantReplication": func() error {
			_, e := v.c.StopParticipantReplication(v.ctx, &ivsrealtime.StopParticipantReplicationInput{SourceStageArn: arn, DestinationStageArn: arn, ParticipantId: aws.String("p")})
			return e
		},
		"TagResource": func() error {
			_, e := v.c.TagResource(v.ctx, &ivsrealtime.TagResourceInput{ResourceArn: arn, Tags: map[string]string{"a": "b"}})
			return e
		},
		"UntagResource": func() error {
			_, e := v.c.UntagResource(v.ctx, &ivsrealtime.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"a"}})
			return e
		},
		"UpdateIngestConfiguration": func() error {
			_, e := v.c.UpdateIngestConfiguration(v.ctx, &ivsrealtime.UpdateIngestConfigurationInput{Arn: arn})
			return e
		},
		"UpdateStage": func() error { _, e := v.c.UpdateStage(v.ctx, &ivsrealtime.UpdateStageInput{Arn: arn}); return e },
	}
	equal(t, "operations under test", len(calls), 39)
	for name, call := range calls {
		err := call()
		code := apiCode(err)
		if err != nil && (code == "UnknownOperationException" || strings.HasPrefix(code, "not an API error")) {
			t.Errorf("%s: %v", name, err)
		}
		if err != nil && !declared(name, code) {
			t.Errorf("%s answered %s, which its model does not declare", name, code)
		}
	}
	ops := v.e.Operations()
	for _, name := range OperationNames() {
		if ops[name] != 1 {
			t.Errorf("%s served %d times, want 1", name, ops[name])
		}
	}
}
