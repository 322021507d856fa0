package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// cloudWatchJSON sends an AWS JSON 1.0 request, as the AWS SDK for
// JavaScript v3 does.
func (v *env) cloudWatchJSON(op, body string) rawResponse {
	v.t.Helper()
	req, err := http.NewRequest(http.MethodPost, v.e.URL()+"/", strings.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "GraniteServiceVersion20100801."+op)
	return v.do(req)
}

// wantCloudWatchError checks CloudWatch's JSON 1.0 error shape: the status,
// __type (the model's shape), message, and the query-compatible code in
// x-amzn-query-error.
func wantCloudWatchError(t *testing.T, r rawResponse, status int, shape, code, fragment string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d (%s)", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Errorf("Content-Type %q", ct)
	}
	if q := r.header.Get("X-Amzn-Query-Error"); q != code+";Sender" {
		t.Errorf("x-amzn-query-error %q, want %q", q, code+";Sender")
	}
	if r.header.Get("X-Amzn-Requestid") == "" {
		t.Error("no request id")
	}
	m := r.json(t)
	if m["__type"] != "com.amazonaws.cloudwatch#"+shape {
		t.Errorf("__type %v, want %s", m["__type"], shape)
	}
	if msg, _ := m["message"].(string); !strings.Contains(msg, fragment) {
		t.Errorf("message %q lacks %q", msg, fragment)
	}
}

// liveStage is a stage with a publisher and a subscriber for three minutes.
func (v *env) liveStage() (stageID string) {
	v.t.Helper()
	st := v.stage("metrics")
	host := v.join(*st.Arn, "host")
	noErr(v.t, v.e.Publish(*st.Arn, host.ParticipantID))
	viewer := v.join(*st.Arn, "viewer")
	noErr(v.t, v.e.Subscribe(*st.Arn, viewer.ParticipantID, host.ParticipantID))
	for range 3 {
		v.clock.Advance(time.Minute)
		v.stage("tick") // any call samples the counts
	}
	return idOf(*st.Arn)
}

func TestCloudWatchJSONGetMetricData(t *testing.T) {
	v := startFast(t)
	id := v.liveStage()
	end := v.clock.Now().Truncate(time.Minute).Add(time.Minute)
	body := fmt.Sprintf(`{"MetricDataQueries":[
		{"Id":"subs","MetricStat":{"Metric":{"Namespace":"AWS/IVSRealTime","MetricName":"Subscribers","Dimensions":[{"Name":"Stage","Value":%q}]},"Period":60,"Stat":"Maximum"},"ReturnData":true},
		{"Id":"other","MetricStat":{"Metric":{"Namespace":"AWS/EC2","MetricName":"CPUUtilization"},"Period":300,"Stat":"Average"},"Label":"cpu"}],
		"StartTime":%d,"EndTime":%d}`, id, end.Add(-15*time.Minute).Unix(), end.Unix())
	r := v.cloudWatchJSON("GetMetricData", body)
	if r.status != 200 || r.header.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Fatalf("%d %s: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var out struct {
		MetricDataResults []struct {
			Id, Label, StatusCode string
			Timestamps            []float64
			Values                []float64
			Messages              []any
		}
		Messages  []any
		NextToken *string
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.MetricDataResults) != 2 || out.NextToken != nil || out.Messages == nil {
		t.Fatalf("answer %s", r.body)
	}
	subs, cpu := out.MetricDataResults[0], out.MetricDataResults[1]
	if subs.Id != "subs" || subs.Label != "Subscribers" || subs.StatusCode != "Complete" || len(subs.Values) != 4 || len(subs.Timestamps) != 4 {
		t.Fatalf("subscribers %+v", subs)
	}
	// ScanBy defaults to TimestampDescending: newest first, whole minutes
	// in epoch seconds.
	if subs.Timestamps[0] <= subs.Timestamps[3] || int64(subs.Timestamps[0])%60 != 0 || subs.Values[0] != 1 {
		t.Errorf("order and values %v %v", subs.Timestamps, subs.Values)
	}
	if cpu.Label != "cpu" || len(cpu.Values) != 0 || cpu.StatusCode != "Complete" || cpu.Timestamps == nil {
		t.Errorf("another namespace: %+v", cpu)
	}
	if n := v.e.Operations()["GetMetricData"]; n != 1 {
		t.Errorf("counted %d GetMetricData calls", n)
	}
}

func TestCloudWatchJSONPagesWithMaxDatapoints(t *testing.T) {
	v := startFast(t)
	id := v.liveStage()
	end := v.clock.Now().Truncate(time.Minute).Add(time.Minute)
	req := func(token string) string {
		tok := ""
		if token != "" {
			tok = fmt.Sprintf(`,"NextToken":%q`, token)
		}
		return fmt.Sprintf(`{"MetricDataQueries":[
			{"Id":"p","MetricStat":{"Metric":{"Namespace":"AWS/IVSRealTime","MetricName":"Publishers","Dimensions":[{"Name":"Stage","Value":%q}]},"Period":60,"Stat":"Maximum"}},
			{"Id":"s","MetricStat":{"Metric":{"Namespace":"AWS/IVSRealTime","MetricName":"Subscribers","Dimensions":[{"Name":"Stage","Value":%q}]},"Period":60,"Stat":"Maximum"}}],
			"StartTime":%d,"EndTime":%d,"ScanBy":"TimestampAscending","MaxDatapoints":3%s}`, id, id, end.Add(-time.Hour).Unix(), end.Unix(), tok)
	}
	points := map[string]int{}
	token := ""
	for page := 0; ; page++ {
		if page > 5 {
			t.Fatal("pages do not end")
		}
		r := v.cloudWatchJSON("GetMetricData", req(token))
		var out struct {
			MetricDataResults []struct {
				Id, StatusCode string
				Values         []float64
			}
			NextToken string
		}
		if err := json.Unmarshal(r.body, &out); err != nil || r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		n := 0
		for _, res := range out.MetricDataResults {
			points[res.Id] += len(res.Values)
			n += len(res.Values)
			if (res.StatusCode == "PartialData") != (out.NextToken != "" && res.Id == out.MetricDataResults[len(out.MetricDataResults)-1].Id) {
				t.Errorf("page %d: %s is %s with token %q", page, res.Id, res.StatusCode, out.NextToken)
			}
		}
		if n > 3 {
			t.Errorf("page %d: %d points past MaxDatapoints 3", page, n)
		}
		if out.NextToken == "" {
			break
		}
		token = out.NextToken
	}
	if points["p"] != 4 || points["s"] != 4 {
		t.Errorf("points over the pages %v", points)
	}
	wantCloudWatchError(t, v.cloudWatchJSON("GetMetricData", req("bm90IGEgdG9rZW4")), 400, "InvalidNextToken", "InvalidNextToken", "NextToken")
}

func TestCloudWatchJSONValidation(t *testing.T) {
	v := startFast(t)
	query := func(id, period, stat string) string {
		return fmt.Sprintf(`{"Id":%q,"MetricStat":{"Metric":{"Namespace":"AWS/IVSRealTime","MetricName":"Publishers"},"Period":%s,"Stat":%q}}`, id, period, stat)
	}
	doc := func(queries string, start, end int64) string {
		return fmt.Sprintf(`{"MetricDataQueries":[%s],"StartTime":%d,"EndTime":%d}`, queries, start, end)
	}
	many := make([]string, ivs.MaxMetricDataQueries+1)
	for i := range many {
		many[i] = query(fmt.Sprintf("q%d", i), "60", "Average")
	}
	for _, c := range []struct {
		name, body, shape, code, fragment string
	}{
		{"bad period", doc(query("a", "61", "Average"), 0, 600), "InvalidParameterValueException", "InvalidParameterValue", "MetricDataQueries.member.1.MetricStat.Period"},
		{"zero period", doc(query("a", "0", "Average"), 0, 600), "InvalidParameterValueException", "InvalidParameterValue", "Period"},
		{"bad statistic", doc(query("a", "60", "Mean"), 0, 600), "InvalidParameterValueException", "InvalidParameterValue", "Mean"},
		{"too many queries", doc(strings.Join(many, ","), 0, 600), "ValidationException", "ValidationError", "500"},
		{"id with a capital", doc(query("Abc", "60", "Average"), 0, 600), "ValidationException", "ValidationError", "Abc"},
		{"id with a dash", doc(query("a-b", "60", "Average"), 0, 600), "ValidationException", "ValidationError", "a-b"},
		{"duplicate ids", doc(query("a", "60", "Average")+","+query("a", "60", "Maximum"), 0, 600), "ValidationException", "ValidationError", "not unique"},
		{"start after end", doc(query("a", "60", "Average"), 600, 0), "ValidationException", "ValidationError", "StartTime must be less than"},
		{"start equals end", doc(query("a", "60", "Average"), 600, 600), "ValidationException", "ValidationError", "StartTime"},
		{"no queries", `{"StartTime":0,"EndTime":600}`, "MissingRequiredParameterException", "MissingParameter", "MetricDataQueries"},
		{"no end", `{"MetricDataQueries":[` + query("a", "60", "Average") + `],"StartTime":0}`, "MissingRequiredParameterException", "MissingParameter", "EndTime"},
		{"stat and expression", doc(`{"Id":"a","Expression":"m1*2","MetricStat":{"Metric":{"MetricName":"Publishers"},"Period":60,"Stat":"Average"}}`, 0, 600), "InvalidParameterCombinationException", "InvalidParameterCombination", "Exactly one"},
		{"neither", doc(`{"Id":"a"}`, 0, 600), "InvalidParameterCombinationException", "InvalidParameterCombination", "member.1"},
		{"bad scan", `{"MetricDataQueries":[` + query("a", "60", "Average") + `],"StartTime":0,"EndTime":600,"ScanBy":"Sideways"}`, "ValidationException", "ValidationError", "Sideways"},
		{"wrong type", `{"MetricDataQueries":"all","StartTime":0,"EndTime":600}`, "ValidationException", "ValidationError", "MetricDataQueries"},
		{"not JSON", `{"MetricDataQueries":`, "ValidationException", "ValidationError", "Malformed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantCloudWatchError(t, v.cloudWatchJSON("GetMetricData", c.body), 400, c.shape, c.code, c.fragment)
		})
	}
	r := v.cloudWatchJSON("PutMetricData", `{}`)
	wantCloudWatchError(t, r, 400, "UnknownOperationException", "UnknownOperation", "PutMetricData")
	wantCloudWatchError(t, v.cloudWatchJSON("ListMetrics", `{"RecentlyActive":"P1D"}`), 400, "ValidationException", "ValidationError", "PT3H")
}

func TestCloudWatchJSONListMetrics(t *testing.T) {
	v := startFast(t)
	id := v.liveStage()
	r := v.cloudWatchJSON("ListMetrics", fmt.Sprintf(`{"Namespace":"AWS/IVSRealTime","Dimensions":[{"Name":"Stage","Value":%q},{"Name":"Participant"}]}`, id))
	var out struct {
		Metrics []struct {
			Namespace, MetricName string
			Dimensions            []struct{ Name, Value string }
		}
	}
	if err := json.Unmarshal(r.body, &out); err != nil || r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	names := map[string]int{}
	for _, m := range out.Metrics {
		names[m.MetricName]++
		if m.Namespace != ivs.MetricsNamespace {
			t.Errorf("namespace %q", m.Namespace)
		}
		metric, _ := ivs.LookupMetric(m.MetricName)
		var dims []string
		for _, d := range m.Dimensions {
			dims = append(dims, d.Name)
		}
		if !metric.HasDimensionSet(dims) {
			t.Errorf("%s listed with %v, a set AWS does not publish", m.MetricName, dims)
		}
	}
	for _, want := range []string{"PublishBitrate", "PublishResolution", "SubscribeBitrate", "DownloadPacketLoss", "DroppedFrames"} {
		if names[want] == 0 {
			t.Errorf("no %s in %v", want, names)
		}
	}
	if names["Publishers"] != 0 {
		t.Error("the Participant filter let Publishers through")
	}
	r = v.cloudWatchJSON("ListMetrics", `{"Namespace":"AWS/EC2"}`)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"Metrics":[]`)) {
		t.Errorf("another namespace: %s", r.body)
	}
}

// CloudWatch answers in CloudWatch's shapes even where the emulator's
// credential mode refuses the call.
func TestCloudWatchCredentialModes(t *testing.T) {
	v := startFast(t)
	noErr(t, v.e.SetCredentialMode(CredentialsDenied))
	r := v.cloudWatchJSON("ListMetrics", `{}`)
	if r.status != 403 || r.header.Get("X-Amzn-Query-Error") != "AccessDenied;Sender" || !bytes.Contains(r.body, []byte("cloudwatch:ListMetrics")) {
		t.Errorf("denied: %d %v %s", r.status, r.header, r.body)
	}
	if v.e.Refused()["ListMetrics"] != 1 {
		t.Error("the refused call is not counted")
	}
}

// The CBOR route answers CBOR, errors included.
func TestCloudWatchCBORError(t *testing.T) {
	v := startFast(t)
	body := cbor.Encode(cbor.Map{"MetricDataQueries": cbor.List{}, "StartTime": &cbor.Tag{ID: 1, Value: cbor.Float64(0)}, "EndTime": &cbor.Tag{ID: 1, Value: cbor.Uint(600)}})
	req, _ := http.NewRequest(http.MethodPost, v.e.URL()+"/service/GraniteServiceVersion20100801/operation/GetMetricData", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/cbor")
	req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	r := v.do(req)
	if r.status != 400 || r.header.Get("Content-Type") != "application/cbor" || r.header.Get("X-Amzn-Query-Error") != "MissingParameter;Sender" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	doc, err := cbor.Decode(r.body)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := doc.(cbor.Map)
	if m["__type"] != cbor.String("com.amazonaws.cloudwatch#MissingRequiredParameterException") {
		t.Errorf("body %#v", doc)
	}
	req, _ = http.NewRequest(http.MethodPost, v.e.URL()+"/service/GraniteServiceVersion20100801/operation/GetMetricData", bytes.NewReader([]byte{0xff, 0x00}))
	req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	if r := v.do(req); r.status != 400 || r.header.Get("X-Amzn-Query-Error") != "ValidationError;Sender" {
		t.Errorf("garbage CBOR: %d %v", r.status, r.header)
	}
}

// Any body, in either protocol, gets an answer in CloudWatch's shape and
// never a 500.
func FuzzCloudWatch(f *testing.F) {
	f.Add(false, []byte(`{"MetricDataQueries":[{"Id":"a","MetricStat":{"Metric":{"Namespace":"AWS/IVSRealTime","MetricName":"Subscribers","Dimensions":[{"Name":"Stage","Value":"x"}]},"Period":60,"Stat":"Maximum"}}],"StartTime":0,"EndTime":600,"MaxDatapoints":1,"NextToken":"AQ"}`))
	f.Add(false, []byte(`{"Namespace":"AWS/IVSRealTime","Dimensions":[{"Name":"Stage"}]}`))
	f.Add(true, cbor.Encode(cbor.Map{"StartTime": &cbor.Tag{ID: 1, Value: cbor.Float64(1e18)}, "EndTime": cbor.NegInt(5)}))
	f.Add(true, []byte{0xbf, 0x61, 0x61, 0xff})
	e, err := New(Options{NoThrottle: true, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, useCBOR bool, body []byte) {
		for _, op := range []string{"GetMetricData", "ListMetrics"} {
			var req *http.Request
			if useCBOR {
				req = httptest.NewRequest(http.MethodPost, "/service/GraniteServiceVersion20100801/operation/"+op, bytes.NewReader(body))
				req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
			} else {
				req = httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
				req.Header.Set("X-Amz-Target", "GraniteServiceVersion20100801."+op)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: %d %q", op, rec.Code, rec.Body.Bytes())
			}
			if rec.Code != 200 && header(rec, "x-amzn-query-error") == "" {
				t.Fatalf("%s: error without x-amzn-query-error: %d", op, rec.Code)
			}
		}
	})
}

func TestRoundStart(t *testing.T) {
	now := time.Date(2026, 12, 4, 14, 37, 42, 0, time.UTC)
	for _, c := range []struct {
		ago  time.Duration
		want time.Time
	}{
		{time.Hour, time.Date(2026, 12, 4, 13, 37, 0, 0, time.UTC)},
		{20 * 24 * time.Hour, time.Date(2026, 11, 14, 14, 35, 0, 0, time.UTC)},
		{90 * 24 * time.Hour, time.Date(2026, 9, 5, 14, 0, 0, 0, time.UTC)},
	} {
		if got := roundStart(now.Add(-c.ago), now); !got.Equal(c.want) {
			t.Errorf("%s ago: %s, want %s", c.ago, got, c.want)
		}
	}
}
