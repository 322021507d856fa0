package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// decodeJSON reads a request body into dst (a pointer to a struct whose
// fields carry json tags). It is stricter than encoding/json in the ways AWS
// is: member names match exactly (case-sensitive), a wrong JSON type is an
// error that names the member, numbers must fit their type, and anything
// after the JSON object is rejected. Unknown members are ignored, as AWS
// ignores members from newer SDKs. An empty body is an empty object. Every
// failure is a ValidationException that says what is wrong and where.
func decodeJSON(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	obj, err := decodeJSONObject(body)
	if err != nil {
		return err
	}
	return assign(reflect.ValueOf(dst).Elem(), obj, "")
}

// decodeJSONObject reads a non-empty body that must hold one JSON object,
// numbers kept as json.Number.
func decodeJSONObject(body []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, validationError("Malformed request body: %s", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, validationError("Malformed request body: unexpected data after the JSON object (offset %d)", dec.InputOffset())
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, validationError("Malformed request body: expected a JSON object, got %s", jsonKind(doc))
	}
	return obj, nil
}

func jsonProblem(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("invalid JSON at offset %d: %s", syn.Offset, syn.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the JSON document ends too early"
	}
	return err.Error()
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func typeError(path, want string, got any) error {
	return validationError("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must be %s, not %s", path, want, jsonKind(got))
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// assign stores the decoded JSON value src into dst. JSON null leaves dst at
// its zero value, which for the pointer, slice and map members used in
// request types means "absent".
func assign(dst reflect.Value, src any, path string) error {
	if src == nil {
		return nil
	}
	switch dst.Kind() {
	case reflect.Pointer:
		v := reflect.New(dst.Type().Elem())
		if err := assign(v.Elem(), src, path); err != nil {
			return err
		}
		dst.Set(v)
		return nil
	case reflect.Struct:
		obj, ok := src.(map[string]any)
		if !ok {
			return typeError(path, "an object", src)
		}
		t := dst.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
				if err := assign(dst.Field(i), obj, path); err != nil {
					return err
				}
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			raw, present := obj[name]
			if !present {
				continue
			}
			if err := assign(dst.Field(i), raw, join(path, name)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		s, ok := src.(string)
		if !ok {
			return typeError(path, "a string", src)
		}
		dst.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := src.(bool)
		if !ok {
			return typeError(path, "a boolean", src)
		}
		dst.SetBool(b)
		return nil
	case reflect.Int32, reflect.Int64, reflect.Int:
		n, ok := src.(json.Number)
		if !ok {
			return typeError(path, "an integer", src)
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			return validationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be an integer", shown(string(n)), path)
		}
		if dst.OverflowInt(i) {
			return validationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be an integer between %d and %d", n, path, math.MinInt32, math.MaxInt32)
		}
		dst.SetInt(i)
		return nil
	case reflect.Float32, reflect.Float64:
		n, ok := src.(json.Number)
		if !ok {
			return typeError(path, "a number", src)
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(f, 0) || dst.OverflowFloat(f) {
			return validationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be a finite number", shown(string(n)), path)
		}
		dst.SetFloat(f)
		return nil
	case reflect.Slice:
		arr, ok := src.([]any)
		if !ok {
			return typeError(path, "an array", src)
		}
		s := reflect.MakeSlice(dst.Type(), len(arr), len(arr))
		for i, el := range arr {
			p := fmt.Sprintf("%s.%d.member", path, i+1)
			if el == nil {
				return validationError("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", p)
			}
			if err := assign(s.Index(i), el, p); err != nil {
				return err
			}
		}
		dst.Set(s)
		return nil
	case reflect.Map:
		obj, ok := src.(map[string]any)
		if !ok {
			return typeError(path, "an object", src)
		}
		m := reflect.MakeMapWithSize(dst.Type(), len(obj))
		for k, el := range obj {
			if el == nil {
				return validationError("1 validation error detected: Value null at '%s.%s' failed to satisfy constraint: Member must not be null", path, shown(k))
			}
			v := reflect.New(dst.Type().Elem()).Elem()
			if err := assign(v, el, join(path, k)); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k).Convert(dst.Type().Key()), v)
		}
		dst.Set(m)
		return nil
	}
	return newError(CodeInternal, "cannot decode member %s", path)
}
