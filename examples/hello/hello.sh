echo "Hello from $(uname -m) ($(uname -s))"
