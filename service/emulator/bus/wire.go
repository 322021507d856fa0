package bus

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// The wire: AWS JSON 1.1 as the AWS SDKs send it to EventBridge (POST to
// the endpoint, X-Amz-Target: AWSEvents.PutRule, the API reference's
// member names); errors are {"__type": Code, "message"}.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html

// TargetPrefix is the X-Amz-Target prefix of EventBridge operations.
const TargetPrefix = "AWSEvents."

// ContentType is the AWS JSON 1.1 media type.
const ContentType = "application/x-amz-json-1.1"

// Operations lists the operations served, sorted.
var Operations = []string{"DescribeRule", "ListTargetsByRule", "PutRule", "PutTargets"}

type busRef struct {
	EventBusName string `json:"EventBusName"`
}

func (r busRef) check() error {
	if r.EventBusName != "" && r.EventBusName != "default" {
		return &Error{Code: "ResourceNotFoundException", Status: 400, Message: "Event bus " + r.EventBusName + " does not exist."}
	}
	return nil
}

type targetJSON struct {
	ID  string `json:"Id"`
	ARN string `json:"Arn"`
}

// Call runs one operation on a JSON body and returns what to encode, or an
// *Error.
func (b *Backend) Call(op string, body []byte) (any, error) {
	var in struct {
		busRef
		Name         string       `json:"Name"`
		Rule         string       `json:"Rule"`
		EventPattern string       `json:"EventPattern"`
		State        string       `json:"State"`
		Description  string       `json:"Description"`
		Targets      []targetJSON `json:"Targets"`
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, &Error{Code: "SerializationException", Status: 400, Message: "Could not read the request body as JSON"}
		}
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	switch op {
	case "PutRule":
		arn, err := b.PutRule(in.Name, in.EventPattern, in.State, in.Description)
		return struct {
			RuleArn string `json:"RuleArn"`
		}{arn}, err
	case "DescribeRule":
		r, err := b.DescribeRule(in.Name)
		return struct {
			Name         string `json:"Name"`
			Arn          string `json:"Arn"`
			EventPattern string `json:"EventPattern"`
			State        string `json:"State"`
			Description  string `json:"Description,omitempty"`
			EventBusName string `json:"EventBusName"`
			CreatedBy    string `json:"CreatedBy"`
		}{r.Name, r.ARN, r.EventPattern, r.State, r.Description, "default", b.account}, err
	case "PutTargets":
		targets := make([]Target, len(in.Targets))
		for i, t := range in.Targets {
			targets[i] = Target(t)
		}
		failed, err := b.PutTargets(in.Rule, targets)
		type failure struct {
			TargetID     string `json:"TargetId"`
			ErrorCode    string `json:"ErrorCode"`
			ErrorMessage string `json:"ErrorMessage"`
		}
		out := struct {
			FailedEntryCount int       `json:"FailedEntryCount"`
			FailedEntries    []failure `json:"FailedEntries"`
		}{FailedEntries: []failure{}}
		for _, f := range failed {
			out.FailedEntries = append(out.FailedEntries, failure{f.ID, f.Code, f.Message})
		}
		out.FailedEntryCount = len(out.FailedEntries)
		return out, err
	case "ListTargetsByRule":
		ts, err := b.Targets(in.Rule)
		out := struct {
			Targets []targetJSON `json:"Targets"`
		}{Targets: []targetJSON{}}
		for _, t := range ts {
			out.Targets = append(out.Targets, targetJSON(t))
		}
		return out, err
	}
	return nil, &Error{Code: "UnknownOperationException", Status: 400, Message: "Unknown operation " + op}
}

// WriteAnswer writes out or err in the JSON 1.1 shape.
func WriteAnswer(w http.ResponseWriter, out any, err error) int {
	w.Header()["Content-Type"] = []string{ContentType}
	status := http.StatusOK
	var data []byte
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Code: "InternalException", Status: 500, Message: err.Error()}
		}
		status = e.Status
		data, _ = json.Marshal(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{e.Code, e.Message})
	} else if data, err = json.Marshal(out); err != nil {
		return WriteAnswer(w, nil, err)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
	return status
}
