package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// CloudWatch on the emulator's listener, as LocalStack serves many services
// on one: GetMetricData and ListMetrics for the namespace AWS/IVSRealTime
// (other namespaces have no data), in the two protocols current SDKs speak.
//
//   - AWS JSON 1.0 (the AWS SDK for JavaScript v3, the AWS CLI v2): POST /
//     with X-Amz-Target: GraniteServiceVersion20100801.<Operation> and
//     Content-Type: application/x-amz-json-1.0; timestamps are epoch
//     seconds; errors are {"__type", "message"} with x-amzn-query-error.
//     https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
//   - Smithy RPC v2 CBOR (aws-sdk-go-v2's cloudwatch since it left the query
//     protocol): POST /service/GraniteServiceVersion20100801/operation/<Operation>
//     with smithy-protocol: rpc-v2-cbor; the same members in CBOR, timestamps
//     as tag 1 epoch seconds.
//
// Injected faults do not apply to CloudWatch; the credential modes and the
// call-rate quotas do, in CloudWatch's error shapes.

const (
	cloudWatchTargetPrefix = "GraniteServiceVersion20100801."
	cloudWatchCBORPrefix   = "/service/GraniteServiceVersion20100801/operation/"
	cloudWatchShapePrefix  = "com.amazonaws.cloudwatch#"
)

type cwProtocol int

const (
	cwJSON cwProtocol = iota
	cwCBOR
)

// cloudWatchOperation says whether a request is CloudWatch's, and which
// operation in which protocol.
func cloudWatchOperation(r *http.Request) (string, cwProtocol, bool) {
	if t := r.Header.Get("X-Amz-Target"); strings.HasPrefix(t, cloudWatchTargetPrefix) {
		return strings.TrimPrefix(t, cloudWatchTargetPrefix), cwJSON, true
	}
	if p := r.URL.Path; strings.HasPrefix(p, cloudWatchCBORPrefix) {
		return strings.TrimPrefix(p, cloudWatchCBORPrefix), cwCBOR, true
	}
	return "", 0, false
}

// cwError is an error in CloudWatch's shape: the model's shape name (the
// __type) and its query-compatible code (x-amzn-query-error).
type cwError struct {
	shape, code string
	status      int
	message     string
}

func (e *cwError) Error() string { return e.code + ": " + e.message }

func cwClientError(shape, code, format string, a ...any) *cwError {
	return &cwError{shape, code, http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

func cwValidation(format string, a ...any) *cwError {
	return cwClientError("ValidationException", "ValidationError", format, a...)
}

func cwInvalidValue(format string, a ...any) *cwError {
	return cwClientError("InvalidParameterValueException", "InvalidParameterValue", format, a...)
}

func cwMissing(param string) *cwError {
	return cwClientError("MissingRequiredParameterException", "MissingParameter", "The parameter %s is required.", param)
}

func cwCombination(format string, a ...any) *cwError {
	return cwClientError("InvalidParameterCombinationException", "InvalidParameterCombination", format, a...)
}

var cwInvalidToken = &cwError{"InvalidNextToken", "InvalidNextToken", http.StatusBadRequest, "The service couldn't process the NextToken provided."}

// cwErrorOf turns the emulator's own errors (a body that does not decode,
// the credential modes) into CloudWatch's shapes.
func cwErrorOf(err error) *cwError {
	var ce *cwError
	if errors.As(err, &ce) {
		return ce
	}
	var e *Error
	if !errors.As(err, &e) {
		return &cwError{"InternalServiceFault", "InternalServiceError", http.StatusInternalServerError, err.Error()}
	}
	switch e.Code {
	case CodeValidation:
		return &cwError{"ValidationException", "ValidationError", http.StatusBadRequest, e.Message}
	case CodeAccessDenied:
		return &cwError{"AccessDeniedException", "AccessDenied", http.StatusForbidden, e.Message}
	case CodeExpiredToken:
		return &cwError{"ExpiredTokenException", "ExpiredToken", http.StatusForbidden, e.Message}
	}
	return &cwError{"InternalServiceFault", "InternalServiceError", http.StatusInternalServerError, e.Message}
}

func (e *Emulator) serveCloudWatch(w http.ResponseWriter, r *http.Request, op string, proto cwProtocol) int {
	if proto == cwCBOR {
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeCW(w, proto, http.StatusMethodNotAllowed, nil, &cwError{"UnknownOperationException", "UnknownOperation", http.StatusMethodNotAllowed, "CloudWatch takes POST, not " + r.Method})
	}
	if proto == cwCBOR && r.Header.Get("Smithy-Protocol") != "rpc-v2-cbor" {
		return writeCW(w, proto, 0, nil, cwValidation("a CBOR request needs the header smithy-protocol: rpc-v2-cbor"))
	}
	handle, ok := cloudWatchOperations[op]
	if !ok {
		return writeCW(w, proto, 0, nil, &cwError{"UnknownOperationException", "UnknownOperation", http.StatusBadRequest, "Unknown operation " + shown(op)})
	}
	if ce := e.cloudWatchCredentialError(op); ce != nil {
		e.refuse(op)
		return writeCW(w, proto, 0, nil, ce)
	}
	e.count(op)
	if !e.throttle.allow(op, e.now()) {
		return writeCW(w, proto, 0, nil, &cwError{"ThrottlingException", "Throttling", http.StatusBadRequest, "Rate exceeded"})
	}
	body, err := readBody(w, r)
	if err != nil {
		return writeCW(w, proto, 0, nil, cwErrorOf(err))
	}
	doc, err := decodeCloudWatch(body, proto)
	if err != nil {
		return writeCW(w, proto, 0, nil, cwErrorOf(err))
	}
	out, err := handle(e.b, doc)
	if err != nil {
		return writeCW(w, proto, 0, nil, cwErrorOf(err))
	}
	return writeCW(w, proto, http.StatusOK, out, nil)
}

// cloudWatchCredentialError is the credential mode's answer, in CloudWatch's words.
func (e *Emulator) cloudWatchCredentialError(op string) *cwError {
	switch e.CredentialMode() {
	case CredentialsExpired:
		return &cwError{"ExpiredTokenException", "ExpiredToken", http.StatusForbidden, "The security token included in the request is expired"}
	case CredentialsDenied:
		return &cwError{"AccessDeniedException", "AccessDenied", http.StatusForbidden,
			fmt.Sprintf("User: arn:aws:iam::%s:user/ivsdash is not authorized to perform: cloudwatch:%s because no identity-based policy allows the cloudwatch:%s action", e.opts.Account, op, op)}
	}
	return nil
}

// cwAnswer is an answer both protocols can encode.
type cwAnswer interface{ cbor() cbor.Value }

var cloudWatchOperations = map[string]func(*backend, map[string]any) (cwAnswer, error){
	"GetMetricData": func(b *backend, doc map[string]any) (cwAnswer, error) {
		in := new(cwGetMetricDataIn)
		if err := assign(reflect.ValueOf(in).Elem(), doc, ""); err != nil {
			return nil, err
		}
		return handleGetMetricData(b, in)
	},
	"ListMetrics": func(b *backend, doc map[string]any) (cwAnswer, error) {
		in := new(cwListMetricsIn)
		if err := assign(reflect.ValueOf(in).Elem(), doc, ""); err != nil {
			return nil, err
		}
		return handleListMetrics(b, in)
	},
}

// CloudWatchOperationNames lists the CloudWatch operations the emulator serves.
func CloudWatchOperationNames() []string {
	names := make([]string, 0, len(cloudWatchOperations))
	for n := range cloudWatchOperations {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// decodeCloudWatch reads a JSON or CBOR body into the generic tree assign
// takes (objects, arrays, strings, booleans, json.Number).
func decodeCloudWatch(body []byte, proto cwProtocol) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	if proto == cwJSON {
		return decodeJSONObject(body)
	}
	v, err := cbor.Decode(body)
	if err != nil {
		return nil, cwValidation("Malformed CBOR request body: %v", err)
	}
	tree, err := fromCBOR(v)
	if err != nil {
		return nil, err
	}
	obj, ok := tree.(map[string]any)
	if !ok {
		return nil, cwValidation("Malformed CBOR request body: expected a map")
	}
	return obj, nil
}

func fromCBOR(v cbor.Value) (any, error) {
	switch v := v.(type) {
	case cbor.Map:
		m := make(map[string]any, len(v))
		for k, el := range v {
			x, err := fromCBOR(el)
			if err != nil {
				return nil, err
			}
			m[k] = x
		}
		return m, nil
	case cbor.List:
		l := make([]any, len(v))
		for i, el := range v {
			x, err := fromCBOR(el)
			if err != nil {
				return nil, err
			}
			l[i] = x
		}
		return l, nil
	case cbor.String:
		return string(v), nil
	case cbor.Uint:
		return json.Number(strconv.FormatUint(uint64(v), 10)), nil
	case cbor.NegInt:
		if v > math.MaxInt64 {
			return nil, cwValidation("a number in the request is out of range")
		}
		return json.Number(strconv.FormatInt(-int64(v), 10)), nil
	case cbor.Float32:
		return json.Number(strconv.FormatFloat(float64(v), 'g', -1, 32)), nil
	case cbor.Float64:
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, cwValidation("a number in the request is not finite")
		}
		return json.Number(strconv.FormatFloat(float64(v), 'g', -1, 64)), nil
	case cbor.Bool:
		return bool(v), nil
	case *cbor.Nil, *cbor.Undefined:
		return nil, nil
	case *cbor.Tag:
		if v.ID == 1 { // epoch-seconds timestamp
			return fromCBOR(v.Value)
		}
		return nil, cwValidation("unexpected CBOR tag %d in the request", v.ID)
	case cbor.Tag:
		if v.ID == 1 {
			return fromCBOR(v.Value)
		}
		return nil, cwValidation("unexpected CBOR tag %d in the request", v.ID)
	}
	return nil, cwValidation("unexpected CBOR value %T in the request", v)
}

// writeCW answers in the request's protocol; err wins over out.
func writeCW(w http.ResponseWriter, proto cwProtocol, status int, out cwAnswer, err *cwError) int {
	h := w.Header()
	if err != nil {
		status = err.status
		h["x-amzn-query-error"] = []string{err.code + ";" + fault(err.status)}
		body := map[string]string{"__type": cloudWatchShapePrefix + err.shape, "message": err.message}
		if proto == cwCBOR {
			h["Content-Type"] = []string{"application/cbor"}
			writeBody(w, status, cbor.Encode(cbor.Map{"__type": cbor.String(body["__type"]), "message": cbor.String(body["message"])}))
			return status
		}
		h["Content-Type"] = []string{"application/x-amz-json-1.0"}
		data, _ := json.Marshal(body)
		writeBody(w, status, data)
		return status
	}
	if proto == cwCBOR {
		h["Content-Type"] = []string{"application/cbor"}
		writeBody(w, status, cbor.Encode(out.cbor()))
		return status
	}
	h["Content-Type"] = []string{"application/x-amz-json-1.0"}
	data, mErr := json.Marshal(out)
	if mErr != nil {
		return writeCW(w, proto, 0, nil, &cwError{"InternalServiceFault", "InternalServiceError", http.StatusInternalServerError, mErr.Error()})
	}
	writeBody(w, status, data)
	return status
}

func fault(status int) string {
	if status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// GetMetricData's request and answer, member names as in the model.

type cwDimension struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

type cwMetric struct {
	Namespace  *string       `json:"Namespace"`
	MetricName *string       `json:"MetricName"`
	Dimensions []cwDimension `json:"Dimensions"`
}

type cwMetricStat struct {
	Metric *cwMetric `json:"Metric"`
	Period *int32    `json:"Period"`
	Stat   *string   `json:"Stat"`
	Unit   *string   `json:"Unit"`
}

type cwQuery struct {
	ID         *string       `json:"Id"`
	MetricStat *cwMetricStat `json:"MetricStat"`
	Expression *string       `json:"Expression"`
	Label      *string       `json:"Label"`
	ReturnData *bool         `json:"ReturnData"`
	Period     *int32        `json:"Period"`
	AccountID  *string       `json:"AccountId"`
}

type cwGetMetricDataIn struct {
	MetricDataQueries []cwQuery `json:"MetricDataQueries"`
	StartTime         *float64  `json:"StartTime"`
	EndTime           *float64  `json:"EndTime"`
	NextToken         *string   `json:"NextToken"`
	ScanBy            *string   `json:"ScanBy"`
	MaxDatapoints     *int32    `json:"MaxDatapoints"`
}

type cwMessage struct {
	Code  string `json:"Code"`
	Value string `json:"Value"`
}

type cwResult struct {
	ID         string      `json:"Id"`
	Label      string      `json:"Label"`
	Timestamps []float64   `json:"Timestamps"`
	Values     []float64   `json:"Values"`
	StatusCode string      `json:"StatusCode"`
	Messages   []cwMessage `json:"Messages"`
}

type cwGetMetricDataOut struct {
	MetricDataResults []cwResult  `json:"MetricDataResults"`
	NextToken         string      `json:"NextToken,omitempty"`
	Messages          []cwMessage `json:"Messages"`
}

func messagesCBOR(ms []cwMessage) cbor.List {
	l := cbor.List{}
	for _, m := range ms {
		l = append(l, cbor.Map{"Code": cbor.String(m.Code), "Value": cbor.String(m.Value)})
	}
	return l
}

func (o *cwGetMetricDataOut) cbor() cbor.Value {
	results := cbor.List{}
	for _, r := range o.MetricDataResults {
		ts, vs := cbor.List{}, cbor.List{}
		for _, t := range r.Timestamps {
			ts = append(ts, &cbor.Tag{ID: 1, Value: cbor.Float64(t)})
		}
		for _, v := range r.Values {
			vs = append(vs, cbor.Float64(v))
		}
		results = append(results, cbor.Map{
			"Id": cbor.String(r.ID), "Label": cbor.String(r.Label), "Timestamps": ts, "Values": vs,
			"StatusCode": cbor.String(r.StatusCode), "Messages": messagesCBOR(r.Messages),
		})
	}
	m := cbor.Map{"MetricDataResults": results, "Messages": messagesCBOR(o.Messages)}
	if o.NextToken != "" {
		m["NextToken"] = cbor.String(o.NextToken)
	}
	return m
}

var (
	cwIDPattern   = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)
	cwStatPattern = regexp.MustCompile(`^(Average|Maximum|Minimum|Sum|SampleCount|p(\d{1,2}(\.\d+)?|100))$`)
)

// cwPeriodOK: a period is 1, 5, 10, 20 or 30 seconds (high resolution) or
// a multiple of 60.
func cwPeriodOK(p int32) bool {
	switch p {
	case 1, 5, 10, 20, 30:
		return true
	}
	return p > 0 && p%60 == 0
}

func handleGetMetricData(b *backend, in *cwGetMetricDataIn) (cwAnswer, error) {
	if len(in.MetricDataQueries) == 0 {
		return nil, cwMissing("MetricDataQueries")
	}
	if n := len(in.MetricDataQueries); n > ivs.MaxMetricDataQueries {
		return nil, cwValidation("The collection MetricDataQueries must not have a size greater than %d.", ivs.MaxMetricDataQueries)
	}
	if in.StartTime == nil {
		return nil, cwMissing("StartTime")
	}
	if in.EndTime == nil {
		return nil, cwMissing("EndTime")
	}
	start, end := epochTime(*in.StartTime), epochTime(*in.EndTime)
	if !start.Before(end) {
		return nil, cwValidation("The parameter StartTime must be less than the parameter EndTime.")
	}
	start = roundStart(start, b.now())
	scan := "TimestampDescending"
	if in.ScanBy != nil {
		if *in.ScanBy != "TimestampDescending" && *in.ScanBy != "TimestampAscending" {
			return nil, cwValidation("1 validation error detected: Value '%s' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]", shown(*in.ScanBy))
		}
		scan = *in.ScanBy
	}
	maxPoints := ivs.MaxMetricDataPoints
	if in.MaxDatapoints != nil {
		if *in.MaxDatapoints < 1 {
			return nil, cwInvalidValue("The parameter MaxDatapoints must be greater than 0.")
		}
		maxPoints = int(*in.MaxDatapoints)
	}
	type evaluated struct {
		id, label string
		pts       metricPoints
	}
	ids := map[string]bool{}
	var queries []evaluated
	for i, q := range in.MetricDataQueries {
		member := fmt.Sprintf("MetricDataQueries.member.%d", i+1)
		if q.ID == nil {
			return nil, cwMissing(member + ".Id")
		}
		if id := *q.ID; len(id) > 255 || !cwIDPattern.MatchString(id) {
			return nil, cwValidation("The value %s for parameter %s.Id is invalid: an Id starts with a lowercase letter and holds only letters, numbers and underscores (at most 255).", shown(id), member)
		} else if ids[id] {
			return nil, cwValidation("The value %s for parameter %s.Id is not unique.", shown(id), member)
		}
		ids[*q.ID] = true
		if (q.MetricStat == nil) == (q.Expression == nil) {
			return nil, cwCombination("Exactly one element of MetricStat and Expression must be specified for %s.", member)
		}
		if q.Expression != nil {
			return nil, cwInvalidValue("The emulator does not evaluate metric math or search expressions (%s.Expression); ask for each metric with MetricStat.", member)
		}
		ms := q.MetricStat
		switch {
		case ms.Metric == nil:
			return nil, cwMissing(member + ".MetricStat.Metric")
		case ms.Metric.MetricName == nil:
			return nil, cwMissing(member + ".MetricStat.Metric.MetricName")
		case ms.Period == nil:
			return nil, cwMissing(member + ".MetricStat.Period")
		case ms.Stat == nil:
			return nil, cwMissing(member + ".MetricStat.Stat")
		case !cwPeriodOK(*ms.Period):
			return nil, cwInvalidValue("The parameter %s.MetricStat.Period must be a multiple of 60 or equal to 1, 5, 10, 20 or 30.", member)
		case !cwStatPattern.MatchString(*ms.Stat):
			return nil, cwInvalidValue("The value %s for parameter %s.MetricStat.Stat is not a valid statistic.", shown(*ms.Stat), member)
		case len(ms.Metric.Dimensions) > ivs.MaxMetricDimensions:
			return nil, cwValidation("The collection %s.MetricStat.Metric.Dimensions must not have a size greater than %d.", member, ivs.MaxMetricDimensions)
		}
		dims := map[string]string{}
		for j, d := range ms.Metric.Dimensions {
			if d.Name == nil || d.Value == nil {
				return nil, cwMissing(fmt.Sprintf("%s.MetricStat.Metric.Dimensions.member.%d.%s", member, j+1, map[bool]string{true: "Name", false: "Value"}[d.Name == nil]))
			}
			dims[*d.Name] = *d.Value
		}
		if q.ReturnData != nil && !*q.ReturnData {
			continue
		}
		var pts metricPoints
		if deref(ms.Metric.Namespace) == ivs.MetricsNamespace && !strings.HasPrefix(*ms.Stat, "p") {
			pts = b.metricData(metricQuery{Name: *ms.Metric.MetricName, Dims: dims, Stat: *ms.Stat}, start, end, int64(*ms.Period))
		}
		if scan == "TimestampDescending" {
			reversePoints(&pts)
		}
		queries = append(queries, evaluated{id: *q.ID, label: cmpOr(deref(q.Label), *ms.Metric.MetricName), pts: pts})
	}
	// Page: a token holds the query and point to resume at, for this
	// request's queries and times only.
	sc := scope("GetMetricData", requestScope(in))
	v := b.validator()
	cursor := b.pager.cursor(v, sc, in.NextToken) // the pager's key never changes: no lock
	if v.err() != nil {
		return nil, cwInvalidToken
	}
	qi, pi := int(cursor>>32), int(cursor&0xffffffff)
	out := &cwGetMetricDataOut{MetricDataResults: []cwResult{}, Messages: []cwMessage{}}
	left := maxPoints
	for ; qi < len(queries); qi, pi = qi+1, 0 {
		q := queries[qi]
		pi = min(pi, len(q.pts.Times))
		n := min(len(q.pts.Times)-pi, left)
		r := cwResult{ID: q.id, Label: q.label, StatusCode: "Complete", Messages: []cwMessage{},
			Timestamps: make([]float64, 0, n), Values: make([]float64, 0, n)}
		for k := pi; k < pi+n; k++ {
			r.Timestamps = append(r.Timestamps, float64(q.pts.Times[k]))
			r.Values = append(r.Values, q.pts.Values[k])
		}
		left -= n
		if pi+n < len(q.pts.Times) {
			r.StatusCode = "PartialData"
			out.MetricDataResults = append(out.MetricDataResults, r)
			out.NextToken = b.pager.token(sc, uint64(qi)<<32|uint64(pi+n))
			return out, nil
		}
		out.MetricDataResults = append(out.MetricDataResults, r)
	}
	return out, nil
}

func reversePoints(p *metricPoints) {
	for i, j := 0, len(p.Times)-1; i < j; i, j = i+1, j-1 {
		p.Times[i], p.Times[j] = p.Times[j], p.Times[i]
		p.Values[i], p.Values[j] = p.Values[j], p.Values[i]
	}
}

// requestScope is what a GetMetricData token is valid for: the request
// without its NextToken and MaxDatapoints.
func requestScope(in *cwGetMetricDataIn) string {
	c := *in
	c.NextToken, c.MaxDatapoints = nil, nil
	data, _ := json.Marshal(c)
	return string(data)
}

// roundStart rounds a StartTime down as CloudWatch does: to the minute
// within 15 days, to 5 minutes within 63 days, to the hour before.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
func roundStart(start, now time.Time) time.Time {
	switch age := now.Sub(start); {
	case age <= 15*24*time.Hour:
		return start.Truncate(time.Minute)
	case age <= 63*24*time.Hour:
		return start.Truncate(5 * time.Minute)
	}
	return start.Truncate(time.Hour)
}

func epochTime(secs float64) time.Time {
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ListMetrics' request and answer.

type cwDimensionFilter struct {
	Name  *string `json:"Name"`
	Value *string `json:"Value"`
}

type cwListMetricsIn struct {
	Namespace      *string             `json:"Namespace"`
	MetricName     *string             `json:"MetricName"`
	Dimensions     []cwDimensionFilter `json:"Dimensions"`
	NextToken      *string             `json:"NextToken"`
	RecentlyActive *string             `json:"RecentlyActive"`
}

type cwListedMetric struct {
	Namespace  string            `json:"Namespace"`
	MetricName string            `json:"MetricName"`
	Dimensions []cwDimensionPair `json:"Dimensions"`
}

type cwDimensionPair struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

type cwListMetricsOut struct {
	Metrics   []cwListedMetric `json:"Metrics"`
	NextToken string           `json:"NextToken,omitempty"`
}

func (o *cwListMetricsOut) cbor() cbor.Value {
	ms := cbor.List{}
	for _, m := range o.Metrics {
		dims := cbor.List{}
		for _, d := range m.Dimensions {
			dims = append(dims, cbor.Map{"Name": cbor.String(d.Name), "Value": cbor.String(d.Value)})
		}
		ms = append(ms, cbor.Map{"Namespace": cbor.String(m.Namespace), "MetricName": cbor.String(m.MetricName), "Dimensions": dims})
	}
	out := cbor.Map{"Metrics": ms}
	if o.NextToken != "" {
		out["NextToken"] = cbor.String(o.NextToken)
	}
	return out
}

// maxDimensionFilters is how many dimension filters ListMetrics takes.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html
const maxDimensionFilters = 10

func handleListMetrics(b *backend, in *cwListMetricsIn) (cwAnswer, error) {
	if n := len(deref(in.Namespace)); in.Namespace != nil && (n < 1 || n > 255) {
		return nil, cwValidation("The parameter Namespace must be 1 to 255 characters long.")
	}
	if len(in.Dimensions) > maxDimensionFilters {
		return nil, cwValidation("The collection Dimensions must not have a size greater than %d.", maxDimensionFilters)
	}
	if in.RecentlyActive != nil && *in.RecentlyActive != "PT3H" {
		return nil, cwValidation("1 validation error detected: Value '%s' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum value set: [PT3H]", shown(*in.RecentlyActive))
	}
	var filter [][2]string
	for i, d := range in.Dimensions {
		if d.Name == nil {
			return nil, cwMissing(fmt.Sprintf("Dimensions.member.%d.Name", i+1))
		}
		filter = append(filter, [2]string{*d.Name, deref(d.Value)})
	}
	var all []listedMetric
	if in.Namespace == nil || *in.Namespace == ivs.MetricsNamespace {
		all = b.listMetrics(deref(in.MetricName), filter)
	}
	sc := scope("ListMetrics", deref(in.Namespace), deref(in.MetricName), fmt.Sprint(filter))
	v := b.validator()
	from := int(b.pager.cursor(v, sc, in.NextToken))
	if v.err() != nil {
		return nil, cwInvalidToken
	}
	out := &cwListMetricsOut{Metrics: []cwListedMetric{}}
	from = min(from, len(all))
	to := min(from+ivs.ListMetricsPageSize, len(all))
	for _, m := range all[from:to] {
		lm := cwListedMetric{Namespace: ivs.MetricsNamespace, MetricName: m.Name, Dimensions: []cwDimensionPair{}}
		for _, d := range m.Dims {
			lm.Dimensions = append(lm.Dimensions, cwDimensionPair{d[0], d[1]})
		}
		out.Metrics = append(out.Metrics, lm)
	}
	if to < len(all) {
		out.NextToken = b.pager.token(sc, uint64(to))
	}
	return out, nil
}
