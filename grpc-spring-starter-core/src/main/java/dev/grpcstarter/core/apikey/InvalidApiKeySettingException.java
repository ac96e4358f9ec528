package dev.grpcstarter.core.apikey;

/**
 * A key setting that breaks a rule. It names the setting, so that a form can show the
 * problem beside its field; the message starts with the setting's property name, for
 * example {@code "name: must not be blank"}.
 */
public class InvalidApiKeySettingException extends IllegalArgumentException {

	private final ApiKeySetting setting;

	private final String problem;

	/**
	 * An exception.
	 * @param setting the setting that is invalid
	 * @param problem what is wrong with it, in words for people
	 */
	public InvalidApiKeySettingException(ApiKeySetting setting, String problem) {
		super(setting.propertyName() + ": " + problem);
		this.setting = setting;
		this.problem = problem;
	}

	/**
	 * The setting that is invalid.
	 * @return the setting
	 */
	public ApiKeySetting setting() {
		return this.setting;
	}

	/**
	 * What is wrong with the setting, without its name.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

}
