module github.com/ivsdash/ivsdash

go 1.26.8
