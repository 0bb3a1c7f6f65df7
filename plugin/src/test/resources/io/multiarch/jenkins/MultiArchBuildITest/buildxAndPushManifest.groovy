// buildxBuild: every platform on this agent; then pushManifest copies the per-arch images into another list.
node('amd64') {
    sh "rm -rf app && cp -R '@CONTEXT@' app"
    def built = buildxBuild image: '@REGISTRY@/team/buildx', tags: ['1.0'],
            platforms: ['linux/amd64', 'linux/arm64'], context: 'app', credentialsId: 'registry-creds'
    echo "buildx list=${built.listDigest} arm64=${built.digests['linux/arm64']}"
    def copied = pushManifest target: '@REGISTRY@/team/copy:1.0', platforms: ['linux/amd64', 'linux/arm64'],
            template: '@REGISTRY@/team/buildx:1.0-ARCH', credentialsId: 'registry-creds'
    echo "copied list=${copied}"
}
