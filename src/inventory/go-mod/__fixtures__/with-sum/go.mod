// Module comment
module example.com/demo

go 1.22.1

require (
	github.com/google/uuid v1.6.0
	"golang.org/x/text" v0.14.0 // indirect; pulled in by x/net
	golang.org/x/net v0.21.0 // not indirect: a plain comment
)

require github.com/pkg/errors v0.9.1 // indirect

exclude golang.org/x/net v0.20.0

retract (
	v1.0.1 // published by mistake
)

replace golang.org/x/net => golang.org/x/net v0.22.0
