package emulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The wire layer of the emulator: REST-JSON as the aws-sdk-go-v2 ivsrealtime
// client speaks it. Every operation is POST /<OperationName> with a JSON
// body, except the tag operations on /tags/{resourceArn}. Responses carry
// x-amzn-RequestId and Content-Type: application/json; errors carry
// x-amzn-ErrorType and {"exceptionMessage": "..."}. Signatures are not
// checked: any credentials work.
//
// This file routes (operation name -> handler) and encodes; decode.go
// reads request bodies; each wire_<resource>.go holds its operations'
// request and answer structs and handlers, which check the model's
// constraints and call the backend with plain values; inject.go applies the
// faults and the credential mode between routing and the handler.

const maxBodyBytes = 1 << 20

type operation struct {
	call func(b *backend, body []byte) (any, error)
	// securityHeaders: the replication operations declare response headers
	// (CORS and security headers) in the model; the SDK reads them.
	securityHeaders bool
}

func jsonOp[In any](fn func(*backend, *In) (any, error)) operation {
	return operation{call: func(b *backend, body []byte) (any, error) {
		in := new(In)
		if err := decodeJSON(body, in); err != nil {
			return nil, err
		}
		return fn(b, in)
	}}
}

// operations are the 36 POST operations; the 3 tag operations are routed
// by method on /tags/.
var operations = map[string]operation{
	"CreateStage":                 jsonOp(handleCreateStage),
	"GetStage":                    jsonOp(byARN(kindStage, handleGetStage)),
	"ListStages":                  jsonOp(pageOnly("ListStages", handleListStages)),
	"UpdateStage":                 jsonOp(handleUpdateStage),
	"DeleteStage":                 jsonOp(byARN(kindStage, handleDeleteStage)),
	"CreateParticipantToken":      jsonOp(handleCreateParticipantToken),
	"ListStageSessions":           jsonOp(handleListStageSessions),
	"GetStageSession":             jsonOp(handleGetStageSession),
	"ListParticipants":            jsonOp(handleListParticipants),
	"GetParticipant":              jsonOp(handleGetParticipant),
	"ListParticipantEvents":       jsonOp(handleListParticipantEvents),
	"DisconnectParticipant":       jsonOp(handleDisconnectParticipant),
	"StartComposition":            jsonOp(handleStartComposition),
	"StopComposition":             jsonOp(byARN(kindComposition, handleStopComposition)),
	"GetComposition":              jsonOp(byARN(kindComposition, handleGetComposition)),
	"ListCompositions":            jsonOp(handleListCompositions),
	"CreateEncoderConfiguration":  jsonOp(handleCreateEncoderConfiguration),
	"GetEncoderConfiguration":     jsonOp(byARN(kindEncoder, handleGetEncoderConfiguration)),
	"ListEncoderConfigurations":   jsonOp(pageOnly("ListEncoderConfigurations", handleListEncoderConfigurations)),
	"DeleteEncoderConfiguration":  jsonOp(byARN(kindEncoder, handleDeleteEncoderConfiguration)),
	"CreateStorageConfiguration":  jsonOp(handleCreateStorageConfiguration),
	"GetStorageConfiguration":     jsonOp(byARN(kindStorage, handleGetStorageConfiguration)),
	"ListStorageConfigurations":   jsonOp(pageOnly("ListStorageConfigurations", handleListStorageConfigurations)),
	"DeleteStorageConfiguration":  jsonOp(byARN(kindStorage, handleDeleteStorageConfiguration)),
	"CreateIngestConfiguration":   jsonOp(handleCreateIngestConfiguration),
	"GetIngestConfiguration":      jsonOp(byARN(kindIngest, handleGetIngestConfiguration)),
	"ListIngestConfigurations":    jsonOp(handleListIngestConfigurations),
	"UpdateIngestConfiguration":   jsonOp(handleUpdateIngestConfiguration),
	"DeleteIngestConfiguration":   jsonOp(handleDeleteIngestConfiguration),
	"ImportPublicKey":             jsonOp(handleImportPublicKey),
	"GetPublicKey":                jsonOp(byARN(kindPublicKey, handleGetPublicKey)),
	"ListPublicKeys":              jsonOp(pageOnly("ListPublicKeys", handleListPublicKeys)),
	"DeletePublicKey":             jsonOp(byARN(kindPublicKey, handleDeletePublicKey)),
	"ListParticipantReplicas":     jsonOp(handleListParticipantReplicas),
	"StartParticipantReplication": withSecurityHeaders(jsonOp(handleStartParticipantReplication)),
	"StopParticipantReplication":  withSecurityHeaders(jsonOp(handleStopParticipantReplication)),
}

func withSecurityHeaders(op operation) operation {
	op.securityHeaders = true
	return op
}

// OperationNames lists the 39 operations the emulator serves: the
// catalogue's (TestEveryOperationIsRouted checks that each has a route).
func OperationNames() []string { return ivs.OperationNames() }

// ServeHTTP is the whole wire surface, including /_emulator/*.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := uuid.NewString()
	h := w.Header()
	// AWS spells these headers this way; setting the map directly keeps the
	// spelling (header names are case-insensitive to every client).
	h["x-amzn-RequestId"] = []string{reqID}
	h["Content-Type"] = []string{"application/json"}
	op, status := "", 0
	defer func() {
		if rec := recover(); rec != nil {
			// Never reached by design; a bug must still answer in AWS shape.
			status = writeError(w, newError(CodeInternal, "internal error while serving the request (request id %s)", reqID))
			e.log.Error("panic while serving a request", "operation", op, "requestId", reqID, "panic", rec)
		}
		e.log.Debug("request", "operation", op, "method", r.Method, "status", status, "requestId", reqID, "duration", time.Since(start))
	}()
	cwOp, cwProto, isCloudWatch := cloudWatchOperation(r)
	switch path := r.URL.EscapedPath(); {
	case isCloudWatch:
		op = cwOp
		status = e.serveCloudWatch(w, r, cwOp, cwProto)
	case r.Header.Get("X-Amz-Target") != "":
		op, status = e.serveTarget(w, r, r.Header.Get("X-Amz-Target"))
	case strings.HasPrefix(path, "/_emulator/"):
		op = strings.TrimPrefix(path, "/")
		status = e.serveControl(w, r, strings.TrimPrefix(path, "/_emulator/"))
	case path == "/tags" || strings.HasPrefix(path, "/tags/"):
		op, status = e.serveTags(w, r, strings.TrimPrefix(strings.TrimPrefix(path, "/tags"), "/"))
	default:
		op = strings.TrimPrefix(path, "/")
		status = e.serveOperation(w, r, op)
	}
}

func (e *Emulator) serveOperation(w http.ResponseWriter, r *http.Request, name string) int {
	o, ok := operations[name]
	if !ok {
		return writeError(w, newError(CodeUnknownOperation, "Unknown operation: %s %s", r.Method, shown(r.URL.Path)))
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeError(w, newError(CodeMethodNotAllowed, "%s takes POST, not %s", name, r.Method))
	}
	w, status, done := e.gate(w, r, name)
	if done {
		return status
	}
	e.count(name)
	if !e.throttle.allow(name, e.now()) {
		return writeThrottled(w)
	}
	body, err := readBody(w, r)
	if err != nil {
		return writeOpError(w, name, err)
	}
	out, err := o.call(e.b, body)
	if err != nil {
		return writeOpError(w, name, err)
	}
	if o.securityHeaders {
		setSecurityHeaders(w.Header())
	}
	return writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) serveTags(w http.ResponseWriter, r *http.Request, escapedARN string) (string, int) {
	var name string
	switch r.Method {
	case http.MethodGet:
		name = "ListTagsForResource"
	case http.MethodPost:
		name = "TagResource"
	case http.MethodDelete:
		name = "UntagResource"
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		return "tags", writeError(w, newError(CodeMethodNotAllowed, "/tags/{resourceArn} takes GET, POST or DELETE, not %s", r.Method))
	}
	w, status, done := e.gate(w, r, name)
	if done {
		return name, status
	}
	e.count(name)
	if !e.throttle.allow(name, e.now()) {
		return name, writeThrottled(w)
	}
	arn, err := url.PathUnescape(escapedARN)
	if err != nil {
		return name, writeOpError(w, name, validationError("1 validation error detected: Value at 'resourceArn' failed to satisfy constraint: Member must be URL-encoded correctly"))
	}
	in := &tagsIn{ResourceArn: arn}
	var out any
	switch name {
	case "ListTagsForResource":
		out, err = handleListTagsForResource(e.b, in)
	case "TagResource":
		var body []byte
		if body, err = readBody(w, r); err == nil {
			if err = decodeJSON(body, in); err == nil {
				out, err = handleTagResource(e.b, in)
			}
		}
	case "UntagResource":
		q := r.URL.Query()
		in.TagKeys, in.HasTagKeys = q["tagKeys"], q.Has("tagKeys")
		out, err = handleUntagResource(e.b, in)
	}
	if err != nil {
		return name, writeOpError(w, name, err)
	}
	return name, writeJSON(w, http.StatusOK, out)
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, validationError("Request body is larger than the limit of %d bytes", maxBodyBytes)
		}
		return nil, validationError("Could not read the request body: %v", err)
	}
	return body, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	data, err := json.Marshal(v)
	if err != nil {
		return writeError(w, newError(CodeInternal, "could not encode the response: %v", err))
	}
	writeBody(w, status, data)
	return status
}

// writeBody sends a body with its Content-Length, as AWS does; a chunked
// body that a JSON decoder stops reading before its last chunk makes the
// client drop the connection mid-read under load.
func writeBody(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeError answers with an AWS error. The body is {"exceptionMessage"},
// plus "message" when op does not declare the error type in the model, so
// the SDK's generic error shows the text too.
func writeError(w http.ResponseWriter, err error) int { return writeOpError(w, "", err) }

func writeOpError(w http.ResponseWriter, op string, err error) int {
	var e *Error
	if !errors.As(err, &e) {
		e = newError(CodeInternal, "%v", err)
	}
	status := e.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	w.Header()["x-amzn-ErrorType"] = []string{e.Code}
	body := struct {
		ExceptionMessage string `json:"exceptionMessage"`
		Message          string `json:"message,omitempty"`
	}{ExceptionMessage: e.Message}
	if op == "" || !declared(op, e.Code) {
		body.Message = e.Message
	}
	data, _ := json.Marshal(body)
	writeBody(w, status, data)
	return status
}

// writeThrottled answers a call over its quota as AWS front ends do; the
// SDK's generic error reads message, the typed ones exceptionMessage.
func writeThrottled(w http.ResponseWriter) int {
	w.Header()["x-amzn-ErrorType"] = []string{CodeThrottling}
	writeBody(w, http.StatusTooManyRequests, []byte(`{"exceptionMessage":"Rate exceeded","message":"Rate exceeded"}`))
	return http.StatusTooManyRequests
}

func setSecurityHeaders(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "Access-Control-Allow-Origin,Access-Control-Expose-Headers,Cache-Control,Content-Security-Policy,Strict-Transport-Security,X-Content-Type-Options,X-Frame-Options")
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Content-Security-Policy", "default-src 'self'; upgrade-insecure-requests;")
	h.Set("Strict-Transport-Security", "max-age=47304000; includeSubDomains")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
}
