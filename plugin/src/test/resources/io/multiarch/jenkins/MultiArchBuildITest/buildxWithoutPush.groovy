// buildxBuild with push: false: the image goes into this agent's engine only; nothing is pushed.
node('amd64') {
    sh "rm -rf app && cp -R '@CONTEXT@' app"
    def built = buildxBuild image: '@REGISTRY@/team/local', tags: ['dev'], platforms: ['linux/s390x'],
            context: 'app', push: false
    echo "local s390x=${built.digests['linux/s390x']} list=${built.listDigest} image=${built.images['linux/s390x']}"
    sh "docker image inspect --format 'loaded {{.Id}} {{.Architecture}}' '@REGISTRY@/team/local:dev-s390x'"
}
