// Reads a YAML stream written by kfc's YAMLWriter with go-yaml v2 (what kubectl decodes with),
// go-yaml v3 and sigs.k8s.io/yaml (kubectl's YAML-to-JSON), and compares every document with
// the expected value given as JSON on the first line of stdin. Prints "mismatches N".
//
// Run by Tests/YAMLTests/GoYAMLCrossCheckTests.swift in GOPATH mode over Debian's
// golang-gopkg-yaml.v2-dev, golang-gopkg-yaml.v3-dev and golang-k8s-sigs-yaml-dev.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
	sigs "sigs.k8s.io/yaml"
)

// same compares a decoded YAML value with the expected JSON value (decoded with UseNumber).
func same(got, want interface{}) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case bool:
		g, ok := got.(bool)
		return ok && g == w
	case string:
		g, ok := got.(string)
		return ok && g == w
	case json.Number:
		s := w.String()
		if strings.ContainsAny(s, ".eE") {
			g, ok := got.(float64)
			f, _ := w.Float64()
			return ok && g == f
		}
		i, _ := w.Int64()
		switch g := got.(type) {
		case int:
			return int64(g) == i
		case int64:
			return g == i
		case uint64:
			return i >= 0 && g == uint64(i)
		}
		return false
	case []interface{}:
		g, ok := got.([]interface{})
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !same(g[i], w[i]) {
				return false
			}
		}
		return true
	case map[string]interface{}:
		switch g := got.(type) {
		case map[string]interface{}:
			if len(g) != len(w) {
				return false
			}
			for k, v := range w {
				if !same(g[k], v) {
					return false
				}
			}
			return true
		case map[interface{}]interface{}:
			if len(g) != len(w) {
				return false
			}
			for k, v := range g {
				ks, ok := k.(string)
				if !ok || !same(v, w[ks]) {
					return false
				}
			}
			return true
		}
		return false
	}
	return false
}

func main() {
	data, _ := io.ReadAll(os.Stdin)
	nl := bytes.IndexByte(data, '\n')
	dec := json.NewDecoder(bytes.NewReader(data[:nl]))
	dec.UseNumber()
	var want []interface{}
	if err := dec.Decode(&want); err != nil {
		panic(err)
	}
	text := data[nl+1:]
	bad := 0
	// go-yaml v2 (kubectl's decoder, via sigs.k8s.io/yaml) and v3, document by document.
	d2 := yaml2.NewDecoder(bytes.NewReader(text))
	d3 := yaml3.NewDecoder(bytes.NewReader(text))
	for i, w := range want {
		var g2, g3 interface{}
		if err := d2.Decode(&g2); err != nil {
			fmt.Println("v2 error", i, err)
			bad++
		} else if !same(g2, w) {
			fmt.Printf("v2 doc %d got %#v want %#v\n", i, g2, w)
			bad++
		}
		if err := d3.Decode(&g3); err != nil {
			fmt.Println("v3 error", i, err)
			bad++
		} else if !same(g3, w) {
			fmt.Printf("v3 doc %d got %#v want %#v\n", i, g3, w)
			bad++
		}
	}
	// sigs.k8s.io/yaml converts one document to JSON the way kubectl does.
	parts := splitDocs(text)
	for i, w := range want {
		if i >= len(parts) {
			break
		}
		j, err := sigs.YAMLToJSON(parts[i])
		if err != nil {
			fmt.Println("sigs error", i, err)
			bad++
			continue
		}
		var g interface{}
		dj := json.NewDecoder(bytes.NewReader(j))
		dj.UseNumber()
		dj.Decode(&g)
		if !reflect.DeepEqual(normalize(g), normalize(w)) {
			fmt.Printf("sigs doc %d got %s want %#v\n", i, j, w)
			bad++
		}
	}
	fmt.Println("mismatches", bad)
}

// normalize makes JSON numbers comparable by value (kubectl's JSON does not keep 1.0 vs 1).
func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []interface{}:
		out := make([]interface{}, len(x))
		for i := range x {
			out[i] = normalize(x[i])
		}
		return out
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	}
	return v
}

// splitDocs splits a stream at lines starting with "---" (the writer puts each document
// separator at column 0; a scalar document may follow on the same line).
func splitDocs(text []byte) [][]byte {
	var docs [][]byte
	lines := bytes.SplitAfter(text, []byte("\n"))
	var cur []byte
	for i, l := range lines {
		if i > 0 && (bytes.Equal(bytes.TrimRight(l, "\n"), []byte("---")) || bytes.HasPrefix(l, []byte("--- "))) {
			docs = append(docs, cur)
			cur = nil
			if bytes.HasPrefix(l, []byte("--- ")) {
				cur = append(cur, l[4:]...)
			}
			continue
		}
		cur = append(cur, l...)
	}
	return append(docs, cur)
}
